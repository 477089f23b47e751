//! Tree keys: every goal gets a span `[key, end]` so that its descendants are exactly the
//! goals whose key lies in `(key, end]`. A waterfall editor's goals (CONTRACT §10) are then
//! a few index ranges, not a walk down the parent links one goal at a time: for a manager
//! of a large line that walk is most of the visibility's time.
//!
//! The keys depend on the goal links only, never on the reporting lines, so a manager
//! change or a team move rewrites none of them. A goal created or relinked takes a slot in
//! the free tail of its parent's span; its subtree is renumbered inside that slot. When a
//! span has no room left, the store numbers the whole org again.

/// A goal's span: its own key, and the last key any of its descendants may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub key: i64,
    pub end: i64,
}

impl Span {
    /// Whether `key` belongs to a descendant of the goal holding this span.
    pub fn holds(&self, key: i64) -> bool {
        key > self.key && key <= self.end
    }
}

/// The org's roots are the children of this span (no goal holds it).
pub const ORG: Span = Span { key: 0, end: 1 << 62 };

/// A slot narrower than this is refused: the goal placed in it could take few children.
pub const MIN_SLOT: i64 = 1 << 16;

/// A goal's new child takes this share of the goal's span: the free half left by a
/// numbering holds 512 of them before the goal's subtree is numbered again.
const CHILD_SHARE: i64 = 1024;

/// A new root takes a slot this wide: the free half of [`ORG`] holds two million.
const ROOT_SLOT: i64 = 1 << 40;

/// Numbers the descendants of `first`, the children of a goal holding `parent`, into
/// `out` (indexed like `children`). Children share the first half of the parent's span in
/// equal slices; the second half stays free for goals linked later. False when a span is
/// too narrow for its children (never for an org numbered from [`ORG`]).
pub fn number_children(children: &[Vec<usize>], first: &[usize], parent: Span, out: &mut [Option<Span>]) -> bool {
    let mut pending: Vec<(Span, &[usize])> = vec![(parent, first)];
    while let Some((span, kids)) = pending.pop() {
        if kids.is_empty() {
            continue;
        }
        let width = (span.end - span.key) / 2 / kids.len() as i64;
        if width < 1 {
            return false;
        }
        for (i, &kid) in kids.iter().enumerate() {
            let i = i as i64;
            let slice = Span { key: span.key + 1 + i * width, end: span.key + (i + 1) * width };
            out[kid] = Some(slice);
            pending.push((slice, &children[kid]));
        }
    }
    true
}

/// Numbers a whole forest given as each goal's parent index (`None` for a root): the spans
/// in the same order, or `None` when a goal is not reached from a root (a cycle).
pub fn number_forest(parents: &[Option<usize>]) -> Option<Vec<Span>> {
    let mut children = vec![Vec::new(); parents.len()];
    let mut roots = Vec::new();
    for (i, parent) in parents.iter().enumerate() {
        match parent {
            Some(p) => children[*p].push(i),
            None => roots.push(i),
        }
    }
    let mut out = vec![None; parents.len()];
    if !number_children(&children, &roots, ORG, &mut out) {
        return None;
    }
    out.into_iter().collect()
}

/// The slot for a goal placed under a goal holding `parent` (or under [`ORG`], as a
/// root), whose other children's spans end at most at `last_used` (`None`: it has none):
/// the next slice of the free tail after them. `None` when the tail has no room left.
pub fn next_slot(parent: Span, last_used: Option<i64>) -> Option<Span> {
    let used = last_used.unwrap_or(parent.key).max(parent.key);
    let width = if parent == ORG { ROOT_SLOT } else { (parent.end - parent.key) / CHILD_SHARE };
    let fits = width >= MIN_SLOT && parent.end - used >= width;
    fits.then_some(Span { key: used + 1, end: used + width })
}

#[cfg(test)]
#[path = "tree_keys_tests.rs"]
mod tests;
