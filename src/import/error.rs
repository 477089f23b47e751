use std::fmt;

use crate::core::text::TextError;

/// Why an import file was refused; it names the offending entity.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImportError {
    #[error("the file is not valid JSON for an import: {0}")]
    Json(String),
    #[error("{entity} {id:?}: {problem}")]
    Invalid { entity: Entity, id: String, problem: String },
}

/// The kind of thing an error names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Org,
    Member,
    Team,
    Goal,
    Category,
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Entity::Org => "org",
            Entity::Member => "member",
            Entity::Team => "team",
            Entity::Goal => "goal",
            Entity::Category => "category",
        })
    }
}

pub type Result<T> = std::result::Result<T, ImportError>;

pub(crate) fn invalid(entity: Entity, id: &str, problem: impl Into<String>) -> ImportError {
    ImportError::Invalid { entity, id: id.to_owned(), problem: problem.into() }
}

/// A refused text value as an import error tells it: `title: the title contains ...`.
pub(crate) fn field_problem(e: TextError) -> String {
    format!("{}: {}", e.field, e.problem)
}
