//! Phase 1: the declaration's tokens into a syntax tree, with no judgement of names or values.
//!
//! ```text
//! network    := attrs* [vis "struct" Ident ";"] chain ";" setting*
//! chain      := call ("->" call)*
//! setting    := Ident "=" (value | "[" value,* "]") ";"
//! call       := Ident ["(" argument,* ")"]
//! argument   := [Ident "="] value
//! value      := ["-"] number | bool | string | call
//! ```
//!
//! Everything the grammar accepts here is checked in `validate`, so a misspelt layer or a bad
//! value is reported there, all at once, each at its own span.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{
    Attribute, Ident, LitBool, LitFloat, LitInt, LitStr, Token, Visibility, bracketed,
    parenthesized,
};

/// A whole `network!` invocation.
pub struct Declaration {
    pub attrs: Vec<Attribute>,
    /// `pub struct Name;` in the item form; `None` in the expression form.
    pub header: Option<Header>,
    /// The layers in order, `input(..)` included if written.
    pub chain: Vec<Call>,
    pub settings: Vec<Setting>,
}

/// `vis struct Name;`
pub struct Header {
    pub vis: Visibility,
    pub name: Ident,
}

/// `name` or `name(arguments)`: a layer, an activation, a loss, an optimizer, a metric.
pub struct Call {
    pub name: Ident,
    pub arguments: Vec<Argument>,
    /// The span of the whole call, for messages about it as a whole.
    pub span: Span,
}

/// One argument of a call.
pub struct Argument {
    /// `Some(key)` for `key = value`.
    pub key: Option<Ident>,
    pub value: Value,
}

/// A literal or a nested call.
pub enum Value {
    Number(Number),
    Bool(LitBool),
    Str(LitStr),
    Call(Call),
}

/// A numeric literal, possibly negated.
pub struct Number {
    pub value: f64,
    /// The exact value, when written without a decimal point or exponent.
    pub integer: Option<i128>,
    pub span: Span,
}

/// `name = value;` or `name = [values];`
pub struct Setting {
    pub name: Ident,
    pub value: SettingValue,
}

pub enum SettingValue {
    One(Value),
    /// `[..]`: no setting takes a list yet, so only where it stands is kept.
    List {
        values: Vec<Value>,
        span: Span,
    },
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Number(number) => number.span,
            Value::Bool(literal) => literal.span,
            Value::Str(literal) => literal.span(),
            Value::Call(call) => call.span,
        }
    }

    /// What kind of value this is, for "expected a number, found a string" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Number(number) if number.integer.is_some() => "an integer",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Str(_) => "a string",
            Value::Call(_) => "a name",
        }
    }
}

impl Parse for Declaration {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let header = if input.peek(Token![struct]) || input.peek(Token![pub]) {
            let vis = input.parse()?;
            input.parse::<Token![struct]>()?;
            let name = input.parse()?;
            input.parse::<Token![;]>()?;
            Some(Header { vis, name })
        } else {
            None
        };
        let mut chain = vec![input.parse::<Call>()?];
        while input.peek(Token![->]) {
            input.parse::<Token![->]>()?;
            chain.push(input.parse()?);
        }
        let mut settings = Vec::new();
        if !input.is_empty() {
            input.parse::<Token![;]>()?;
        }
        while !input.is_empty() {
            settings.push(input.parse()?);
            if input.is_empty() {
                break;
            }
            input.parse::<Token![;]>()?;
        }
        Ok(Declaration {
            attrs,
            header,
            chain,
            settings,
        })
    }
}

impl Parse for Call {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        let mut span = name.span();
        let mut arguments = Vec::new();
        if input.peek(syn::token::Paren) {
            let content;
            let parens = parenthesized!(content in input);
            span = span.join(parens.span.join()).unwrap_or(span);
            let parsed = Punctuated::<Argument, Token![,]>::parse_terminated(&content)?;
            arguments = parsed.into_iter().collect();
        }
        Ok(Call {
            name,
            arguments,
            span,
        })
    }
}

impl Parse for Argument {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key = if input.peek(Ident) && input.peek2(Token![=]) {
            let key = input.parse()?;
            input.parse::<Token![=]>()?;
            Some(key)
        } else {
            None
        };
        Ok(Argument {
            key,
            value: input.parse()?,
        })
    }
}

impl Parse for Value {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitBool) {
            Ok(Value::Bool(input.parse()?))
        } else if input.peek(LitStr) {
            Ok(Value::Str(input.parse()?))
        } else if input.peek(Ident) {
            Ok(Value::Call(input.parse()?))
        } else {
            Ok(Value::Number(input.parse()?))
        }
    }
}

impl Parse for Number {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let minus = input.parse::<Option<Token![-]>>()?;
        let sign = if minus.is_some() { -1.0 } else { 1.0 };
        let lookahead = input.lookahead1();
        let (value, integer, span) = if lookahead.peek(LitInt) {
            let literal: LitInt = input.parse()?;
            let integer: i128 = literal.base10_parse()?;
            (integer as f64, Some(integer), literal.span())
        } else if lookahead.peek(LitFloat) {
            let literal: LitFloat = input.parse()?;
            (literal.base10_parse::<f64>()?, None, literal.span())
        } else {
            return Err(lookahead.error());
        };
        let span = minus.map_or(span, |minus| minus.span.join(span).unwrap_or(span));
        let integer = integer.map(|integer| if minus.is_some() { -integer } else { integer });
        Ok(Number {
            value: sign * value,
            integer,
            span,
        })
    }
}

impl Parse for Setting {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = input.parse()?;
        input.parse::<Token![=]>()?;
        let value = if input.peek(syn::token::Bracket) {
            let content;
            let brackets = bracketed!(content in input);
            let values = Punctuated::<Value, Token![,]>::parse_terminated(&content)?;
            SettingValue::List {
                values: values.into_iter().collect(),
                span: brackets.span.join(),
            }
        } else {
            SettingValue::One(input.parse()?)
        };
        Ok(Setting { name, value })
    }
}
