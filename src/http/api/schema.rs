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
