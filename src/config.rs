//! (scratch stand-in until the `config` module lands from the config branch; replaced by a merge)
use std::fmt;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Customer {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notifications {
    pub bell: bool,
    pub desktop: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub tenant_url: String,
    pub client_web_server_url: String,
    pub app_id: String,
    pub client_id: String,
    pub allow_insecure_http: bool,
    pub customer: Customer,
    pub notifications: Notifications,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    TenantUrl,
    ClientWebServerUrl,
    AppId,
    ClientId,
    FirstName,
    LastName,
    Email,
    Phone,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::TenantUrl => "tenant_url",
            Field::ClientWebServerUrl => "client_web_server_url",
            Field::AppId => "app_id",
            Field::ClientId => "client_id",
            Field::FirstName => "customer.first_name",
            Field::LastName => "customer.last_name",
            Field::Email => "customer.email",
            Field::Phone => "customer.phone",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Field::TenantUrl => "Tenant URL",
            Field::ClientWebServerUrl => "Client web server URL",
            Field::AppId => "App ID",
            Field::ClientId => "Client ID",
            Field::FirstName => "First name",
            Field::LastName => "Last name",
            Field::Email => "Email",
            Field::Phone => "Phone",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: Field,
    pub problem: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field.label(), self.problem)
    }
}

impl Settings {
    pub fn validate(&self) -> Vec<FieldError> {
        [
            Field::TenantUrl,
            Field::ClientWebServerUrl,
            Field::AppId,
            Field::ClientId,
            Field::Email,
        ]
        .into_iter()
        .filter_map(|field| {
            self.validate_field(field)
                .map(|problem| FieldError { field, problem })
        })
        .collect()
    }
    pub fn validate_field(&self, field: Field) -> Option<String> {
        match field {
            Field::TenantUrl if self.tenant_url.trim().is_empty() => Some("is required".into()),
            Field::ClientWebServerUrl
                if !(self.client_web_server_url.starts_with("https://")
                    || self.client_web_server_url.starts_with("http://")) =>
            {
                Some("must start with https://".into())
            }
            Field::AppId if self.app_id.trim().is_empty() => Some("is required".into()),
            Field::Email
                if !self.customer.email.is_empty() && !self.customer.email.contains('@') =>
            {
                Some("must look like name@example.com".into())
            }
            _ => None,
        }
    }
    pub fn tenant_domain(&self) -> String {
        self.tenant_url
            .trim()
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    }
    pub fn customer_display_name(&self) -> String {
        format!(
            "{} {}",
            self.customer.first_name.trim(),
            self.customer.last_name.trim()
        )
        .trim()
        .to_string()
    }
}
