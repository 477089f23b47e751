//! A member's role, as §3, §8 and the policy (§10) read it.

use crate::core::text_enum;

text_enum!(
    /// What a member may do org-wide; see CONTRACT §3 and §8.
    Role {
        Executive => "executive",
        Collaborator => "collaborator",
        Manager => "manager",
        Employee => "employee",
    }
);

impl Role {
    /// Executives and collaborators see every goal and hold edit rights everywhere.
    pub fn sees_everything(self) -> bool {
        matches!(self, Role::Executive | Role::Collaborator)
    }
}
