//! Who is calling: the `tenantUrl` query parameter and the `MOBILE-API-140-327-PLAIN`
//! Authorization header, checked as strictly as a real tenant does.
//!
//! Owns parsing and the error codes of PROTOCOL.md (1000, 2000–2004, 3000). Does not own what a
//! caller may do with a chat (`state::SimState::chat_of`).

use super::reply::ApiError;
use super::state::{Owner, Shared};
use crate::api::types::error_codes;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use std::sync::Arc;

pub(crate) const SCHEME: &str = "MOBILE-API-140-327-PLAIN";

/// An authenticated caller (appId known, clientId present, tenant right).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caller(pub Owner);

impl FromRequestParts<Arc<Shared>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        check_tenant(parts.uri.query(), &shared.config.tenant)?;
        let owner = check_authorization(&parts.headers, &shared.config.app_id)?;
        Ok(Caller(owner))
    }
}

/// `tenantUrl` must be present and name this tenant's domain (case does not matter in a domain).
pub(crate) fn check_tenant(query: Option<&str>, tenant: &str) -> Result<(), ApiError> {
    let given = query.and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "tenantUrl")
            .map(|(_, v)| v.into_owned())
    });
    match given {
        None => Err(ApiError::bad_request(
            error_codes::BAD_TENANT_URL,
            "tenantUrl is missing",
        )),
        Some(v) if v.eq_ignore_ascii_case(tenant) => Ok(()),
        Some(_) => Err(ApiError::bad_request(
            error_codes::BAD_TENANT_URL,
            "tenantUrl does not name this tenant",
        )),
    }
}

/// Validates the Authorization header and returns the caller's appId + clientId.
pub(crate) fn check_authorization(headers: &HeaderMap, app_id: &str) -> Result<Owner, ApiError> {
    let unauthorized = ApiError::unauthorized;
    let raw = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        unauthorized(
            error_codes::NO_AUTHORIZATION,
            "Authorization header is missing",
        )
    })?;
    let text = raw
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            unauthorized(
                error_codes::AUTHORIZATION_MALFORMED,
                "Authorization header is malformed",
            )
        })?;
    let (scheme, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    if !scheme.eq_ignore_ascii_case(SCHEME) {
        return Err(unauthorized(
            error_codes::WRONG_AUTH_SCHEME,
            "wrong authorization scheme",
        ));
    }
    let params = parse_params(rest).ok_or_else(|| {
        unauthorized(
            error_codes::AUTHORIZATION_MALFORMED,
            "Authorization header is malformed",
        )
    })?;
    let find = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let app = find("appId")
        .ok_or_else(|| unauthorized(error_codes::APP_ID_MISSING, "appId is missing"))?;
    let client = find("clientId")
        .ok_or_else(|| unauthorized(error_codes::CLIENT_ID_MISSING, "clientId is missing"))?;
    if app != app_id {
        return Err(unauthorized(error_codes::UNKNOWN_APP_ID, "unknown appId"));
    }
    Ok(Owner {
        app_id: app,
        client_id: client,
    })
}

/// Parses `key="value", key=value, ...` (quoted values may hold commas and `\"`).
/// `None` when the text is not such a list.
pub(crate) fn parse_params(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        if chars.peek().is_none() {
            return Some(out);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ',' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if key.is_empty() || chars.next() != Some('=') {
            return None;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.push(chars.next()?),
                    '"' => {
                        closed = true;
                        break;
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return None;
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c.is_whitespace() {
                    break;
                }
                if c == '"' {
                    return None;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::test_support::authorization as headers;

    fn code(value: &str) -> Option<i64> {
        check_authorization(&headers(value), "SimChat").err()?.code
    }

    #[test]
    fn quoted_and_unquoted_values_are_accepted() {
        let expected = Owner {
            app_id: "SimChat".into(),
            client_id: "c-1".into(),
        };
        for value in [
            r#"MOBILE-API-140-327-PLAIN appId="SimChat", clientId="c-1""#,
            "MOBILE-API-140-327-PLAIN appId=SimChat, clientId=c-1",
            r#"MOBILE-API-140-327-PLAIN clientId="c-1",appId=SimChat"#,
        ] {
            assert_eq!(
                check_authorization(&headers(value), "SimChat"),
                Ok(expected.clone())
            );
        }
    }

    #[test]
    fn each_defect_has_its_code() {
        assert_eq!(
            check_authorization(&HeaderMap::new(), "SimChat")
                .err()
                .and_then(|e| e.code),
            Some(2000)
        );
        assert_eq!(
            code(r#"MOBILE-API-140-327-PLAIN appId="SimChat"#),
            Some(2001)
        );
        assert_eq!(code("MOBILE-API-140-327-PLAIN =x"), Some(2001));
        assert_eq!(code(r#"Bearer appId="SimChat", clientId="c""#), Some(2002));
        assert_eq!(code(r#"MOBILE-API-140-327-PLAIN clientId="c""#), Some(2003));
        assert_eq!(
            code(r#"MOBILE-API-140-327-PLAIN appId="SimChat""#),
            Some(2004)
        );
        assert_eq!(
            code(r#"MOBILE-API-140-327-PLAIN appId="Other", clientId="c""#),
            Some(3000)
        );
    }

    #[test]
    fn tenant_must_be_present_and_match() {
        assert!(
            check_tenant(
                Some("tenantUrl=sim.sp-chat.test&nonce=1"),
                "sim.sp-chat.test"
            )
            .is_ok()
        );
        assert!(check_tenant(Some("tenantUrl=SIM.sp-chat.test"), "sim.sp-chat.test").is_ok());
        for query in [None, Some("nonce=1"), Some("tenantUrl=other.test")] {
            assert_eq!(
                check_tenant(query, "sim.sp-chat.test")
                    .err()
                    .and_then(|e| e.code),
                Some(1000)
            );
        }
    }

    #[test]
    fn params_with_commas_and_escapes_in_quotes() {
        assert_eq!(
            parse_params(r#"a="x, \"y\"", b=z"#),
            Some(vec![
                ("a".to_string(), r#"x, "y""#.to_string()),
                ("b".to_string(), "z".to_string())
            ])
        );
        assert_eq!(parse_params(r#"a="unterminated"#), None);
        assert_eq!(parse_params(""), Some(vec![]));
    }
}
