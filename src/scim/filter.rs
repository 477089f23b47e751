//! SCIM filters (RFC 7644 §3.4.2.2): `eq`, `ne`, `co`, `sw`, `ew`, `pr`, `gt`, `ge`,
//! `lt`, `le`, with `and`, `or`, `not (...)`, parentheses and value paths
//! (`emails[type eq "work"]`). Strings compare without case (every attribute goald
//! serves is `caseExact: false`). Parsing names the position of what it cannot read.

use serde_json::Value;

use crate::scim::error::{ScimError, ScimResult};
use crate::scim::filter_tokens::{tokens, Token};

/// `[urn:]name[.sub]`; `schema` is the URN when the path names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    pub schema: Option<String>,
    pub name: String,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Present(AttrPath),
    Compare(AttrPath, Op, Value),
    /// `emails[type eq "work"]`: some item of the attribute matches the inner filter.
    Has(AttrPath, Box<Filter>),
}

impl AttrPath {
    pub fn parse(text: &str) -> ScimResult<AttrPath> {
        let (schema, rest) = match text.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("urn:") => match text.rfind(':') {
                Some(at) => (Some(text[..at].to_owned()), &text[at + 1..]),
                None => (None, text),
            },
            _ => (None, text),
        };
        let (name, sub) = match rest.split_once('.') {
            Some((name, sub)) => (name, Some(sub.to_owned())),
            None => (rest, None),
        };
        let ok =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
        if !ok(name) || !sub.as_deref().is_none_or(ok) {
            return Err(ScimError::invalid_filter(format!("{text:?} is not an attribute path")));
        }
        Ok(AttrPath { schema, name: name.to_owned(), sub })
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek_word(&self) -> Option<String> {
        match self.tokens.get(self.at) {
            Some(Token::Word(w)) => Some(w.to_ascii_lowercase()),
            _ => None,
        }
    }
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }
    fn expect(&mut self, want: Token, what: &str) -> ScimResult<()> {
        match self.next() {
            Some(t) if t == want => Ok(()),
            _ => Err(ScimError::invalid_filter(format!("expected {what} at token {}", self.at))),
        }
    }
    fn or(&mut self) -> ScimResult<Filter> {
        let mut left = self.and()?;
        while self.peek_word().as_deref() == Some("or") {
            self.at += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }
    fn and(&mut self) -> ScimResult<Filter> {
        let mut left = self.unary()?;
        while self.peek_word().as_deref() == Some("and") {
            self.at += 1;
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }
    fn unary(&mut self) -> ScimResult<Filter> {
        if self.peek_word().as_deref() == Some("not") {
            self.at += 1;
            self.expect(Token::Open, "'(' after not")?;
            let inner = self.or()?;
            self.expect(Token::Close, "')'")?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                self.expect(Token::Close, "')'")?;
                Ok(inner)
            }
            Some(Token::Word(w)) => self.attr_expr(AttrPath::parse(&w)?),
            _ => Err(ScimError::invalid_filter(format!("expected an attribute at token {}", self.at))),
        }
    }
    fn attr_expr(&mut self, path: AttrPath) -> ScimResult<Filter> {
        if self.tokens.get(self.at) == Some(&Token::OpenBracket) {
            self.at += 1;
            let inner = self.or()?;
            self.expect(Token::CloseBracket, "']'")?;
            return Ok(Filter::Has(path, Box::new(inner)));
        }
        let op = match self.next() {
            Some(Token::Word(w)) => w.to_ascii_lowercase(),
            _ => return Err(ScimError::invalid_filter(format!("expected an operator at token {}", self.at))),
        };
        let op = match op.as_str() {
            "pr" => return Ok(Filter::Present(path)),
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "co" => Op::Co,
            "sw" => Op::Sw,
            "ew" => Op::Ew,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            other => return Err(ScimError::invalid_filter(format!("{other:?} is not a filter operator"))),
        };
        let value = match self.next() {
            Some(Token::Value(v)) => v,
            Some(Token::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => serde_json::from_str::<serde_json::Number>(&w)
                    .map(Value::Number)
                    .map_err(|_| ScimError::invalid_filter(format!("{w:?} is not a value (strings are quoted)")))?,
            },
            _ => return Err(ScimError::invalid_filter(format!("expected a value at token {}", self.at))),
        };
        Ok(Filter::Compare(path, op, value))
    }
}

/// Parses a whole filter; anything left over is an error.
pub fn parse(text: &str) -> ScimResult<Filter> {
    let mut p = Parser { tokens: tokens(text)?, at: 0 };
    let filter = p.or()?;
    if p.at != p.tokens.len() {
        return Err(ScimError::invalid_filter(format!("unexpected text after token {}", p.at)));
    }
    Ok(filter)
}

/// The key of `map` spelled `name` without regard to case.
pub fn get_ci<'a>(map: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}

/// The values a path reaches in `doc`, multi-valued attributes flattened.
pub fn values<'a>(doc: &'a Value, path: &AttrPath) -> Vec<&'a Value> {
    let root = match &path.schema {
        Some(urn) if !urn.to_ascii_lowercase().contains(":core:") => match doc.as_object().and_then(|m| get_ci(m, urn))
        {
            Some(ext) => ext,
            None => return vec![],
        },
        _ => doc,
    };
    let Some(top) = root.as_object().and_then(|m| get_ci(m, &path.name)) else { return vec![] };
    let items: Vec<&Value> = match top {
        Value::Array(items) => items.iter().collect(),
        v => vec![v],
    };
    match &path.sub {
        None => items,
        Some(sub) => items.into_iter().filter_map(|i| i.as_object().and_then(|m| get_ci(m, sub))).collect(),
    }
}

fn compare(have: &Value, op: Op, want: &Value) -> bool {
    // A complex value (an email, a member) compares through its `value`.
    let have = match have {
        Value::Object(m) => match get_ci(m, "value") {
            Some(v) => v,
            None => return false,
        },
        v => v,
    };
    match (have, want) {
        (Value::String(h), Value::String(w)) => {
            let (h, w) = (h.to_lowercase(), w.to_lowercase());
            match op {
                Op::Eq => h == w,
                Op::Ne => h != w,
                Op::Co => h.contains(&w),
                Op::Sw => h.starts_with(&w),
                Op::Ew => h.ends_with(&w),
                Op::Gt => h > w,
                Op::Ge => h >= w,
                Op::Lt => h < w,
                Op::Le => h <= w,
            }
        }
        (h, w) => match op {
            Op::Eq => h == w,
            Op::Ne => h != w,
            _ => match (h.as_f64(), w.as_f64()) {
                (Some(h), Some(w)) => match op {
                    Op::Gt => h > w,
                    Op::Ge => h >= w,
                    Op::Lt => h < w,
                    Op::Le => h <= w,
                    _ => false,
                },
                _ => false,
            },
        },
    }
}

/// Whether `doc` (a resource, or one item of a multi-valued attribute) matches.
pub fn matches(filter: &Filter, doc: &Value) -> bool {
    match filter {
        Filter::And(a, b) => matches(a, doc) && matches(b, doc),
        Filter::Or(a, b) => matches(a, doc) || matches(b, doc),
        Filter::Not(f) => !matches(f, doc),
        Filter::Present(path) => values(doc, path).iter().any(|v| !v.is_null() && v.as_str() != Some("")),
        Filter::Compare(path, Op::Ne, want) => !values(doc, path).iter().any(|v| compare(v, Op::Eq, want)),
        Filter::Compare(path, op, want) => values(doc, path).iter().any(|v| compare(v, *op, want)),
        Filter::Has(path, inner) => values(doc, path).iter().any(|item| matches(inner, item)),
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
