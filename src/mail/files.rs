//! The Files mailer: each message becomes `<dir>/<stem>.eml`.

use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::SendError;

/// Tells apart the temporary files of concurrent writes, even of the same stem.
static TEMP_FILES: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `<dir>/<stem>.eml` through a temporary file and a rename, so a reader
/// never sees half a message and a retry replaces the file instead of adding one.
pub async fn write_eml(dir: &Path, stem: &str, bytes: Vec<u8>) -> Result<(), SendError> {
    if stem.is_empty() || stem.starts_with('.') || stem.contains(['/', '\\']) {
        return Err(SendError::Fatal(format!("{stem:?} cannot name a file in {}", dir.display())));
    }
    let path = dir.join(format!("{stem}.eml"));
    let temp = dir.join(format!(".{stem}.{}.{}.tmp", std::process::id(), TEMP_FILES.fetch_add(1, Ordering::Relaxed)));
    let (written_path, temp_path) = (path.clone(), temp.clone());
    let written = tokio::task::spawn_blocking(move || write_then_rename(&temp_path, &written_path, &bytes)).await;
    match written {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => {
            let _ = std::fs::remove_file(&temp);
            Err(SendError::Retryable(format!("writing {}: {error}", path.display())))
        }
        Err(error) => Err(SendError::Retryable(format!("writing {}: {error}", path.display()))),
    }
}

fn write_then_rename(temp: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(temp)?;
    file.write_all(bytes)?;
    // On disk before the rename, so a crash leaves the old file or the new one, never a stub.
    file.sync_all()?;
    std::fs::rename(temp, path)
}
