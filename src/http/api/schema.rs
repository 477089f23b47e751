//! OpenAPI schemas for the domain's text enums, kept at the HTTP edge so the domain does
//! not know utoipa.

use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;

use crate::goals::permissions::Action;
use crate::goals::{GoalState, GoalType, MeasurementKind, Status, Tracking, Visibility};

macro_rules! text_enum_schema {
    ($($name:ty),+) => {$(
        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .enum_values(Some(<$name>::ALL.iter().map(|v| v.as_str())))
                    .into()
            }
        }
        impl utoipa::ToSchema for $name {}
    )+};
}

text_enum_schema!(GoalType, GoalState, Visibility, Tracking, Status, MeasurementKind, Action);

/// The `maxLength` the OpenAPI document states are literals (utoipa takes no constants):
/// these tests hold them to the parsers' limits (docs/limits.md).
#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use crate::core::ids::MAX_ID_LEN;
    use crate::core::text::{MAX_MEASUREMENT_NAME_LEN, MAX_TEXT_LEN, MAX_TITLE_LEN};
    use crate::http::api::model::{CommentBody, GoalPatch, MeasurementBody, NewGoal, ProgressBody};

    fn max_length<T: PartialSchema>(field: &str) -> Option<u64> {
        let schema = serde_json::to_value(T::schema()).ok()?;
        schema["properties"][field]["maxLength"].as_u64()
    }

    #[test]
    fn the_documented_max_lengths_are_the_parsers_limits() {
        let len = |n: usize| Some(n as u64);
        assert_eq!(max_length::<NewGoal>("id"), len(MAX_ID_LEN));
        assert_eq!(max_length::<NewGoal>("title"), len(MAX_TITLE_LEN));
        assert_eq!(max_length::<NewGoal>("description"), len(MAX_TEXT_LEN));
        assert_eq!(max_length::<GoalPatch>("title"), len(MAX_TITLE_LEN));
        assert_eq!(max_length::<GoalPatch>("description"), len(MAX_TEXT_LEN));
        assert_eq!(max_length::<MeasurementBody>("name"), len(MAX_MEASUREMENT_NAME_LEN));
        assert_eq!(max_length::<ProgressBody>("comment"), len(MAX_TEXT_LEN));
        assert_eq!(max_length::<CommentBody>("body"), len(MAX_TEXT_LEN));
    }
}
