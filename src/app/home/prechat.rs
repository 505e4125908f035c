//! The pre-chat form on Home: the fields Expected Parameters asks for, prefilled from the
//! settings, checked lightly, and turned into Request Chat's `parameters` and `from`.
//!
//! Owns the fields and their values. Does not own fetching the list (`Effect::FetchParameters`),
//! focus order (`home`), or drawing (`ui::home`). With no list (not fetched, or the server
//! failed to answer) the request falls back to the customer's settings, as before.
//!
//! A PHONE parameter is not a field of its own: Home always shows a callback number (prefilled
//! from `[customer] phone`), and a scenario asking for a phone asks for that same number. So
//! [`fields_for`] leaves PHONE parameters out, [`phone_parameters`] names them, and
//! [`request`] sends the callback number both as `phone_number` and under each of those names.
//! One field, one answer: the customer never types the number twice, nor two different ones.

use crate::api::types::{ChatRequest, ExpectedParameter, ParameterType};
use crate::app::composer::Composer;
use crate::config::{Settings, phone_problem};
use crate::text::sanitize_line;
use std::collections::BTreeMap;

/// Fields shown at most: a scenario asking for more is not a form a terminal should fill.
pub const MAX_FIELDS: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct PreChatField {
    /// The parameter's name on the wire, unchanged.
    pub name: String,
    pub kind: ParameterType,
    /// Sanitised, as shown.
    pub label: String,
    pub value: Composer,
}

/// The fields for `params`, prefilled from the settings; PHONE parameters are answered by
/// Home's callback number instead (see the module's comment).
pub fn fields_for(params: &[ExpectedParameter], s: &Settings) -> Vec<PreChatField> {
    params
        .iter()
        .filter(|p| !p.name.trim().is_empty() && p.kind != ParameterType::Phone)
        .take(MAX_FIELDS)
        .map(|p| {
            let mut value = Composer::single_line();
            let prefill = match &p.kind {
                ParameterType::FirstName => s.customer.first_name.as_str(),
                ParameterType::LastName => s.customer.last_name.as_str(),
                ParameterType::Email => s.customer.email.as_str(),
                ParameterType::Phone => s.customer.phone.as_str(),
                ParameterType::Text
                | ParameterType::Account
                | ParameterType::Company
                | ParameterType::Other(_) => "",
            };
            value.set_text(prefill.trim());
            PreChatField {
                name: p.name.clone(),
                label: label_for(&p.name, &p.kind),
                kind: p.kind.clone(),
                value,
            }
        })
        .collect()
}

fn label_for(name: &str, kind: &ParameterType) -> String {
    match kind {
        ParameterType::FirstName => "First name".to_string(),
        ParameterType::LastName => "Last name".to_string(),
        ParameterType::Email => "Email".to_string(),
        ParameterType::Phone => "Phone".to_string(),
        ParameterType::Account => "Account".to_string(),
        ParameterType::Company => "Company".to_string(),
        ParameterType::Text | ParameterType::Other(_) => {
            let words = sanitize_line(&name.replace(['_', '-'], " "));
            let mut chars = words.trim().chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => "Field".to_string(),
            }
        }
    }
}

/// The first problem with the answers, in words; `None` when they can be sent. Fields may be
/// left empty (the scenario decides what it needs); a filled one must look right.
pub fn problem(fields: &[PreChatField]) -> Option<String> {
    fields.iter().find_map(|f| {
        let v = f.value.text().trim();
        match f.kind {
            ParameterType::Email if !v.is_empty() && !looks_like_email(v) => Some(format!(
                "{}: that does not look like an email address.",
                f.label
            )),
            ParameterType::Phone => phone_sentence(&f.label, v),
            _ => None,
        }
    })
}

/// The names of the PHONE parameters in `params`: the callback number answers them.
pub fn phone_parameters(params: &[ExpectedParameter]) -> Vec<String> {
    params
        .iter()
        .filter(|p| !p.name.trim().is_empty() && p.kind == ParameterType::Phone)
        .take(MAX_FIELDS)
        .map(|p| p.name.clone())
        .collect()
}

/// What is wrong with the phone number in a field labelled `label`, as a sentence; `None` when
/// it is empty or can be sent. The rule is the settings' (`config::phone_problem`).
pub fn phone_sentence(label: &str, value: &str) -> Option<String> {
    phone_problem(value).map(|why| format!("{label} {why}"))
}

fn looks_like_email(v: &str) -> bool {
    match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Request Chat's body from the form: every filled field as a parameter, the name as `from`,
/// and Home's callback number (`phone`) as `phone_number` and as each PHONE parameter
/// (`phone_names`, from [`phone_parameters`]).
pub fn request(
    fields: &[PreChatField],
    phone_names: &[String],
    phone: &str,
    s: &Settings,
) -> ChatRequest {
    let mut parameters = BTreeMap::new();
    let phone = phone.trim();
    if !phone.is_empty() {
        for name in phone_names {
            parameters.insert(name.clone(), phone.to_string());
        }
    }
    let (mut first, mut last) = (None, None);
    for f in fields {
        let v = f.value.text().trim().to_string();
        if v.is_empty() {
            continue;
        }
        match f.kind {
            ParameterType::FirstName => first = Some(v.clone()),
            ParameterType::LastName => last = Some(v.clone()),
            ParameterType::Email
            | ParameterType::Phone
            | ParameterType::Text
            | ParameterType::Account
            | ParameterType::Company
            | ParameterType::Other(_) => {}
        }
        parameters.insert(f.name.clone(), v);
    }
    let first = first.unwrap_or_else(|| s.customer.first_name.trim().to_string());
    let last = last.unwrap_or_else(|| s.customer.last_name.trim().to_string());
    ChatRequest {
        phone_number: phone.to_string(),
        from: format!("{first} {last}").trim().to_string(),
        parameters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn param(name: &str, kind: ParameterType) -> ExpectedParameter {
        ExpectedParameter {
            name: name.into(),
            kind,
        }
    }

    fn settings() -> Settings {
        let mut s = Settings::default();
        s.customer.first_name = "Ann".into();
        s.customer.email = "ann@example.com".into();
        s
    }

    #[test]
    fn fields_are_prefilled_from_settings_and_sent_as_parameters() {
        let params = [
            param("first_name", ParameterType::FirstName),
            param("last_name", ParameterType::LastName),
            param("email", ParameterType::Email),
            param("order_number", ParameterType::Text),
        ];
        let mut fields = fields_for(&params, &settings());
        let shown: Vec<(&str, &str)> = fields
            .iter()
            .map(|f| (f.label.as_str(), f.value.text()))
            .collect();
        assert_eq!(
            shown,
            [
                ("First name", "Ann"),
                ("Last name", ""),
                ("Email", "ann@example.com"),
                ("Order number", ""),
            ]
        );
        fields[1].value.set_text("Lee");
        fields[3].value.set_text(" 42 ");
        let req = request(&fields, &[], "", &settings());
        assert_eq!(req.from, "Ann Lee");
        assert_eq!(
            req.parameters,
            BTreeMap::from([
                ("email".to_string(), "ann@example.com".to_string()),
                ("first_name".to_string(), "Ann".to_string()),
                ("last_name".to_string(), "Lee".to_string()),
                ("order_number".to_string(), "42".to_string()),
            ])
        );
    }

    #[test]
    fn email_and_phone_are_checked_lightly() {
        let mut fields = fields_for(
            &[param("email", ParameterType::Email)],
            &Settings::default(),
        );
        assert_eq!(problem(&fields), None, "empty fields are allowed");
        for bad in ["ann", "ann@", "@x.com", "ann@example", "a b@x.com"] {
            fields[0].value.set_text(bad);
            assert!(problem(&fields).is_some(), "{bad}");
        }
        fields[0].value.set_text("ann@example.com");
        assert_eq!(problem(&fields), None);
        assert_eq!(
            phone_sentence("Phone", "call me").as_deref(),
            Some("Phone may contain only digits, spaces and + - ( ) .")
        );
        assert_eq!(
            phone_sentence("Phone", "12").as_deref(),
            Some("Phone must have between 3 and 20 digits")
        );
        assert_eq!(phone_sentence("Phone", "+1 (555) 010-0000"), None);
        assert_eq!(phone_sentence("Phone", "  "), None, "empty is allowed");
    }

    #[test]
    fn a_phone_parameter_is_answered_by_the_callback_number_not_a_field() {
        let params = [
            param("first_name", ParameterType::FirstName),
            param("callback", ParameterType::Phone),
        ];
        let mut s = settings();
        s.customer.phone = "+1 555 0100".into();
        let fields = fields_for(&params, &s);
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["first_name"], "no second phone field");
        let phones = phone_parameters(&params);
        assert_eq!(phones, ["callback"]);
        let req = request(&fields, &phones, " +1 555 0199 ", &s);
        assert_eq!(
            req.phone_number, "+1 555 0199",
            "the typed number, not the settings'"
        );
        assert_eq!(
            req.parameters,
            BTreeMap::from([
                ("callback".to_string(), "+1 555 0199".to_string()),
                ("first_name".to_string(), "Ann".to_string()),
            ])
        );
        let none = request(&fields, &phones, "", &s);
        assert_eq!(none.phone_number, "", "an emptied field sends no number");
        assert!(!none.parameters.contains_key("callback"));
    }

    #[test]
    fn hostile_names_are_labelled_safely_and_sent_unchanged() {
        let fields = fields_for(
            &[param("x\u{1b}[2J_y", ParameterType::Text)],
            &Settings::default(),
        );
        assert!(!fields[0].label.contains('\u{1b}'));
        assert_eq!(fields[0].name, "x\u{1b}[2J_y");
    }
}
