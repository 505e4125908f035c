//! The process's one HTTP client to the tenant.
//!
//! Owns the cached [`Client`]: built once from the settings, handed out (cheap clones sharing
//! one connection pool and one rate gate) to the session worker and every effect, and rebuilt
//! only when the settings that shape it change. Why: a client per action is a new pool, a new
//! TLS handshake on a real tenant and a fresh root store each time, and a "slow down" answer
//! seen by one request would not hold back the others.

use crate::api::Error;
use crate::api::client::{Client, ClientConfig};
use crate::config::Settings;

#[derive(Default)]
pub struct SharedClient {
    current: Option<Client>,
    /// How many times a client was built (for tests and logs).
    built: u32,
}

impl SharedClient {
    /// The client for `settings`: the cached one when they shape the same client.
    pub fn for_settings(&mut self, settings: &Settings) -> Result<Client, Error> {
        let cfg = ClientConfig::from_settings(settings)?;
        if let Some(client) = &self.current
            && *client.config() == cfg
        {
            return Ok(client.clone());
        }
        let client = Client::new(cfg)?;
        self.built += 1;
        tracing::debug!(built = self.built, "tenant client built");
        self.current = Some(client.clone());
        Ok(client)
    }

    #[cfg(test)]
    pub fn built(&self) -> u32 {
        self.built
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(app_id: &str) -> Settings {
        Settings {
            tenant_url: "example.brightpattern.com".into(),
            client_web_server_url: "https://example.brightpattern.com".into(),
            app_id: app_id.into(),
            client_id: "0b6c8b9e-4d3f-4a43-9d1e-2f1b7f0c5a11".into(),
            ..Settings::default()
        }
    }

    #[test]
    fn one_client_while_the_settings_stay_and_a_new_one_when_they_change() {
        let mut shared = SharedClient::default();
        let a = shared.for_settings(&settings("App")).expect("client");
        let b = shared.for_settings(&settings("App")).expect("client");
        assert!(a.shares_pool_with(&b));
        assert_eq!(shared.built(), 1);
        let c = shared.for_settings(&settings("Other")).expect("client");
        assert!(!a.shares_pool_with(&c));
        assert_eq!(shared.built(), 2);
        assert!(
            c.with_v2().shares_pool_with(&c),
            "the v2 switch keeps the pool"
        );
    }

    #[test]
    fn settings_that_make_no_client_are_an_error_and_keep_the_cached_one() {
        let mut shared = SharedClient::default();
        let a = shared.for_settings(&settings("App")).expect("client");
        let mut bad = settings("App");
        bad.client_web_server_url = "not a url".into();
        assert!(shared.for_settings(&bad).is_err());
        let b = shared.for_settings(&settings("App")).expect("client");
        assert!(a.shares_pool_with(&b));
    }
}
