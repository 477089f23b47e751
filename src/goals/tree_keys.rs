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

/// The org's roots are the children of this span (no goal holds it). A numbering fills
/// its first half; the second half takes the roots created later.
pub const ORG: Span = Span { key: 0, end: 1 << 62 };

/// A slot narrower than this is refused: the goal placed in it could take few children.
pub const MIN_SLOT: i64 = 1 << 16;

/// A new root takes a slot this wide: the free half of [`ORG`] holds two million.
const ROOT_SLOT: i64 = 1 << 40;

/// A goal's new child takes this share of the free tail of the goal's span: a tail left by
/// a numbering holds a hundred or more of them before the subtree is numbered again.
const TAIL_SHARE: i64 = 8;

/// Numbers the subtree of `top`, which holds `span`, into `out` (indexed like `children`).
/// Every goal below gets a quantum `q` of keys per goal of its subtree and per child, so a
/// goal of `n` goals below and itself spans `q·(2n − 1)` keys: its children's spans, then a
/// free tail of `q` keys per child it has, plus one, for children linked later. Spans do
/// not shrink with depth, so a chain of any length is numbered. False when `span` is too
/// narrow for the subtree.
pub fn number_tree(children: &[Vec<usize>], top: usize, span: Span, out: &mut [Option<Span>]) -> bool {
    let mut order = vec![top];
    let mut next = 0;
    while let Some(&goal) = order.get(next) {
        order.extend(&children[goal]);
        next += 1;
    }
    let mut size = vec![0i64; children.len()];
    for &goal in order.iter().rev() {
        size[goal] = 1 + children[goal].iter().map(|&c| size[c]).sum::<i64>();
    }
    let quantum = (span.end - span.key + 1) / (2 * size[top]);
    if quantum < 1 {
        return false;
    }
    out[top] = Some(span);
    for &goal in &order {
        let Some(held) = out[goal] else { continue };
        let mut key = held.key + 1;
        for &child in &children[goal] {
            let width = quantum * (2 * size[child] - 1);
            out[child] = Some(Span { key, end: key + width - 1 });
            key += width;
        }
    }
    true
}

/// Numbers a whole forest given as each goal's parent index (`None` for a root) into the
/// first half of [`ORG`]: the spans in the same order, or `None` when a goal is not
/// reached from a root (a cycle).
pub fn number_forest(parents: &[Option<usize>]) -> Option<Vec<Span>> {
    let top = parents.len();
    let mut children = vec![Vec::new(); top + 1];
    for (i, parent) in parents.iter().enumerate() {
        children[parent.unwrap_or(top)].push(i);
    }
    let mut out = vec![None; top + 1];
    if !number_tree(&children, top, Span { key: ORG.key, end: ORG.end / 2 }, &mut out) {
        return None;
    }
    out.truncate(top);
    out.into_iter().collect()
}

/// The slot for a goal placed under a goal holding `parent` (or under [`ORG`], as a
/// root), whose other children's spans end at most at `last_used` (`None`: it has none):
/// the next slice of the free tail after them. `None` when the tail has no room left.
pub fn next_slot(parent: Span, last_used: Option<i64>) -> Option<Span> {
    let used = last_used.unwrap_or(parent.key).max(parent.key);
    let free = parent.end - used;
    let width = if parent == ORG { ROOT_SLOT } else { free / TAIL_SHARE };
    (width >= MIN_SLOT && free >= width).then_some(Span { key: used + 1, end: used + width })
}

#[cfg(test)]
#[path = "tree_keys_tests.rs"]
mod tests;
