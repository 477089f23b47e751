//! The schemas goald serves (RFC 7643 §7): only the attributes it keeps, so a client
//! reading `/Schemas` knows what is stored and an attribute outside them is refused.

use serde_json::{json, Value};

pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// Microsoft Entra sends these extensions with every resource it provisions; goald keeps
/// them as sent (they mean nothing for the org).
pub const ENTRA_USER: &str = "urn:ietf:params:scim:schemas:extension:Microsoft:Entra:2.0:User";
pub const ENTRA_GROUP: &str = "urn:ietf:params:scim:schemas:extension:Microsoft:Entra:2.0:Group";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    Group,
}

impl Kind {
    pub fn resource_type(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }
    pub fn endpoint(self) -> &'static str {
        match self {
            Kind::User => "Users",
            Kind::Group => "Groups",
        }
    }
    pub fn core(self) -> &'static Schema {
        match self {
            Kind::User => &USER_SCHEMA,
            Kind::Group => &GROUP_SCHEMA,
        }
    }
    pub fn extensions(self) -> &'static [&'static Schema] {
        match self {
            Kind::User => &USER_EXTENSIONS,
            Kind::Group => &GROUP_EXTENSIONS,
        }
    }
    /// The schema with this URN among the kind's (case-insensitive, RFC 7643 §2.1).
    pub fn schema(self, urn: &str) -> Option<&'static Schema> {
        std::iter::once(self.core()).chain(self.extensions().iter().copied()).find(|s| s.id.eq_ignore_ascii_case(urn))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    String,
    Boolean,
    Complex,
    Reference,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutability {
    ReadWrite,
    ReadOnly,
    WriteOnly,
}

#[derive(Debug)]
pub struct Attr {
    pub name: &'static str,
    pub ty: Type,
    pub multi: bool,
    pub required: bool,
    pub mutability: Mutability,
    pub unique: bool,
    pub sub: &'static [Attr],
    pub canonical: &'static [&'static str],
}

const fn attr(name: &'static str, ty: Type) -> Attr {
    Attr {
        name,
        ty,
        multi: false,
        required: false,
        mutability: Mutability::ReadWrite,
        unique: false,
        sub: &[],
        canonical: &[],
    }
}
const fn complex(name: &'static str, sub: &'static [Attr]) -> Attr {
    Attr { sub, ..attr(name, Type::Complex) }
}

#[derive(Debug)]
pub struct Schema {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub attrs: &'static [Attr],
}

impl Schema {
    pub fn attr(&self, name: &str) -> Option<&'static Attr> {
        find(self.attrs, name)
    }
}

pub fn find(attrs: &'static [Attr], name: &str) -> Option<&'static Attr> {
    attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

const EMAIL_SUB: &[Attr] = &[
    attr("value", Type::String),
    Attr { canonical: &["work", "home", "other"], ..attr("type", Type::String) },
    attr("primary", Type::Boolean),
];
const NAME_SUB: &[Attr] =
    &[attr("formatted", Type::String), attr("familyName", Type::String), attr("givenName", Type::String)];

pub static USER_SCHEMA: Schema = Schema {
    id: USER,
    name: "User",
    description: "A member of the org",
    attrs: &[
        Attr { required: true, unique: true, ..attr("userName", Type::String) },
        complex("name", NAME_SUB),
        attr("displayName", Type::String),
        attr("userType", Type::String),
        attr("preferredLanguage", Type::String),
        attr("locale", Type::String),
        attr("timezone", Type::String),
        attr("active", Type::Boolean),
        Attr { mutability: Mutability::WriteOnly, ..attr("password", Type::String) },
        Attr { multi: true, ..complex("emails", EMAIL_SUB) },
    ],
};

const MANAGER_SUB: &[Attr] = &[
    attr("value", Type::String),
    attr("$ref", Type::Reference),
    Attr { mutability: Mutability::ReadOnly, ..attr("displayName", Type::String) },
];
pub static ENTERPRISE_SCHEMA: Schema = Schema {
    id: ENTERPRISE,
    name: "EnterpriseUser",
    description: "The enterprise extension: the manager",
    attrs: &[complex("manager", MANAGER_SUB)],
};

const MEMBER_SUB: &[Attr] = &[
    Attr { mutability: Mutability::ReadWrite, ..attr("value", Type::String) },
    attr("$ref", Type::Reference),
    Attr { mutability: Mutability::ReadOnly, ..attr("display", Type::String) },
    Attr { canonical: &["User"], ..attr("type", Type::String) },
];
pub static GROUP_SCHEMA: Schema = Schema {
    id: GROUP,
    name: "Group",
    description: "A team of the org",
    attrs: &[
        Attr { required: true, ..attr("displayName", Type::String) },
        Attr { multi: true, ..complex("members", MEMBER_SUB) },
    ],
};

pub static ENTRA_USER_SCHEMA: Schema = Schema {
    id: ENTRA_USER,
    name: "EntraUser",
    description: "Microsoft Entra's user extension",
    attrs: &[attr("mailNickname", Type::String)],
};
pub static ENTRA_GROUP_SCHEMA: Schema = Schema {
    id: ENTRA_GROUP,
    name: "EntraGroup",
    description: "Microsoft Entra's group extension",
    attrs: &[
        attr("mailNickname", Type::String),
        attr("mailEnabled", Type::Boolean),
        attr("securityEnabled", Type::Boolean),
    ],
};

static USER_EXTENSIONS: [&Schema; 2] = [&ENTERPRISE_SCHEMA, &ENTRA_USER_SCHEMA];
static GROUP_EXTENSIONS: [&Schema; 1] = [&ENTRA_GROUP_SCHEMA];

/// Every schema served, core ones first.
pub fn all() -> [&'static Schema; 5] {
    [&USER_SCHEMA, &GROUP_SCHEMA, &ENTERPRISE_SCHEMA, &ENTRA_USER_SCHEMA, &ENTRA_GROUP_SCHEMA]
}

fn attr_json(a: &Attr) -> Value {
    let ty = match a.ty {
        Type::String => "string",
        Type::Boolean => "boolean",
        Type::Complex => "complex",
        Type::Reference => "reference",
    };
    let mutability = match a.mutability {
        Mutability::ReadWrite => "readWrite",
        Mutability::ReadOnly => "readOnly",
        Mutability::WriteOnly => "writeOnly",
    };
    let mut v = json!({
        "name": a.name, "type": ty, "multiValued": a.multi, "description": a.name, "required": a.required,
        "caseExact": false, "mutability": mutability,
        "returned": if a.mutability == Mutability::WriteOnly { "never" } else { "default" },
        "uniqueness": if a.unique { "server" } else { "none" },
    });
    if !a.sub.is_empty() {
        v["subAttributes"] = a.sub.iter().map(attr_json).collect();
    }
    if !a.canonical.is_empty() {
        v["canonicalValues"] = json!(a.canonical);
    }
    if a.ty == Type::Reference {
        v["referenceTypes"] = json!(if a.name == "$ref" { vec!["User"] } else { vec!["external"] });
    }
    v
}

/// The `Schema` resource of RFC 7643 §7.
pub fn schema_json(s: &Schema, base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": s.id, "name": s.name, "description": s.description,
        "attributes": s.attrs.iter().map(attr_json).collect::<Vec<_>>(),
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{}", s.id)},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_is_found_by_its_urn_whatever_the_case() {
        assert!(Kind::User.schema(&ENTERPRISE.to_ascii_lowercase()).is_some());
        assert!(Kind::Group.schema(ENTERPRISE).is_none());
        assert_eq!(USER_SCHEMA.attr("USERNAME").map(|a| a.name), Some("userName"));
    }
}
