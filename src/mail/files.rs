//! The Files mailer: each message becomes `<dir>/<stem>.eml`.

use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::SendError;

/// Tells apart the temporary files of concurrent writes, even of the same stem.
static TEMP_FILES: AtomicU64 = AtomicU64::new(0);

/// The longest stem written: a file name (stem, ".eml", and the temporary file's
/// prefix and suffix) must fit in the 255 bytes most file systems allow.
const MAX_STEM: usize = 200;

/// Writes `bytes` to `<dir>/<stem>.eml` through a temporary file and a rename, so a reader
/// never sees half a message and a retry replaces the file instead of adding one.
pub async fn write_eml(dir: &Path, stem: &str, bytes: Vec<u8>) -> Result<(), SendError> {
    // Fatal, not retryable: the same stem would fail the same way for hours of retries.
    if stem.is_empty() || stem.starts_with('.') || stem.contains(['/', '\\', '\0']) || stem.len() > MAX_STEM {
        let shown: String = stem.chars().take(80).collect();
        return Err(SendError::Fatal(format!("{shown:?} cannot name a file in {}", dir.display())));
    }
    let path = dir.join(format!("{stem}.eml"));
    let temp = dir.join(format!(".{stem}.{}.{}.tmp", std::process::id(), TEMP_FILES.fetch_add(1, Ordering::Relaxed)));
    let (written_path, temp_path) = (path.clone(), temp.clone());
    let written = tokio::task::spawn_blocking(move || write_then_rename(&temp_path, &written_path, &bytes)).await;
    match written {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => {
            let _ = std::fs::remove_file(&temp);
            let reason = format!("writing {}: {error}", path.display());
            // A name the file system refuses stays refused; a full disk or a permission
            // an operator fixes is worth retrying.
            if error.kind() == std::io::ErrorKind::InvalidInput || error.raw_os_error() == Some(ENAMETOOLONG) {
                Err(SendError::Fatal(reason))
            } else {
                Err(SendError::Retryable(reason))
            }
        }
        Err(error) => Err(SendError::Retryable(format!("writing {}: {error}", path.display()))),
    }
}

/// Linux's and the BSDs' errno for a name too long (macOS: 63, covered by the length check).
const ENAMETOOLONG: i32 = 36;

fn write_then_rename(temp: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(temp)?;
    file.write_all(bytes)?;
    // On disk before the rename, so a crash leaves the old file or the new one, never a stub.
    file.sync_all()?;
    std::fs::rename(temp, path)
}
