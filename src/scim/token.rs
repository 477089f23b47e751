//! SCIM bearer tokens: only a token's SHA-256 is stored, and a presented token is
//! compared with the org's stored hashes in constant time, so neither the database
//! nor the timing of an answer gives a token away.

use sha2::{Digest, Sha256};

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal, in a time that depends only on the lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `presented` is one of the tokens whose hashes are `stored`; every hash is
/// compared, matched or not.
pub fn matches_any(presented: &str, stored: &[String]) -> bool {
    let hash = token_hash(presented);
    stored.iter().fold(false, |found, s| constant_time_eq(hash.as_bytes(), s.as_bytes()) | found)
}

/// The token of an `Authorization: Bearer ...` header.
pub fn bearer(header: Option<&str>) -> Option<&str> {
    let header = header?.trim();
    let (scheme, token) = header.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_matches_only_its_own_hash() {
        let stored = vec![token_hash("one"), token_hash("two")];
        assert!(matches_any("two", &stored));
        assert!(!matches_any("three", &stored));
        assert!(!matches_any("two", &[]));
    }

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        assert_eq!(bearer(Some("Bearer abc")), Some("abc"));
        assert_eq!(bearer(Some("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(Some("Basic abc")), None);
        assert_eq!(bearer(None), None);
    }
}
