//! Issue 12, the HTTP edge: nothing a client sends holds the daemon (slow clients, a crowd
//! of connections), and no answer tells a member about a goal or an org they cannot see.

mod bounds;
mod side_channels;
