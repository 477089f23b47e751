//! Issue 12, bounded work (docs/depth-limits.md): waiting HRIS events are decided again
//! only when what they wait for arrives, manager and goal chains deeper than the bounds
//! are refused at the door, and explore's text search pages in SQL with the same Unicode
//! case folding on both backends.

mod depth;
mod explore_text;
mod waits;
