//! No answer tells a member about a goal they cannot see, nor anyone about an org.
