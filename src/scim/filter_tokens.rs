//! A filter's tokens: words, quoted JSON strings, parentheses and brackets.

use serde_json::Value;

use crate::scim::error::{ScimError, ScimResult};

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Word(String),
    Value(Value),
    Open,
    Close,
    OpenBracket,
    CloseBracket,
}

pub fn tokens(text: &str) -> ScimResult<Vec<Token>> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '(' | ')' | '[' | ']' => {
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    '[' => Token::OpenBracket,
                    _ => Token::CloseBracket,
                });
                i += 1;
            }
            '"' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                if i >= chars.len() {
                    return Err(ScimError::invalid_filter(format!(
                        "the string at character {} is not closed",
                        start + 1
                    )));
                }
                i += 1;
                let raw: String = chars[start..i].iter().collect();
                let value = serde_json::from_str(&raw).map_err(|_| {
                    ScimError::invalid_filter(format!("the string at character {} is not valid", start + 1))
                })?;
                out.push(Token::Value(value));
            }
            _ => {
                let start = i;
                while i < chars.len() && !matches!(chars[i], ' ' | '\t' | '(' | ')' | '[' | ']' | '"') {
                    i += 1;
                }
                out.push(Token::Word(chars[start..i].iter().collect()));
            }
        }
    }
    Ok(out)
}
