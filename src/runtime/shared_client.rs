//! The process's one HTTP client to the tenant.
//!
//! Owns the cached [`Client`]: built when settings come into force, handed out (cheap clones
//! sharing one connection pool and one rate gate) to the session worker and every effect, and
//! rebuilt only when the settings that shape it change. Why: a client per action is a new pool,
//! a new TLS handshake on a real tenant and a fresh root store each time, and a "slow down"
//! answer seen by one request would not hold back the others.

use crate::api::Error;
use crate::api::client::{Client, ClientConfig};
use crate::config::Settings;

pub struct SharedClient {
    /// The client of the last settings that made one (kept across unusable settings, so that
    /// going back to them reuses its connections).
    last: Option<Client>,
    /// Why the settings in force make no client, if they do not.
    unusable: Option<Error>,
    /// How many times a client was built (for tests and logs).
    built: u32,
}

impl SharedClient {
    pub fn new(settings: &Settings) -> Self {
        let mut shared = SharedClient {
            last: None,
            unusable: None,
            built: 0,
        };
        shared.use_settings(settings);
        shared
    }

    /// `settings` are now in force: keep the client when they shape the same one.
    pub fn use_settings(&mut self, settings: &Settings) {
        let built = ClientConfig::from_settings(settings).and_then(|cfg| match &self.last {
            Some(client) if *client.config() == cfg => Ok(None),
            _ => Client::new(cfg).map(Some),
        });
        match built {
            Ok(Some(client)) => {
                self.built += 1;
                tracing::debug!(built = self.built, "tenant client built");
                self.last = Some(client);
                self.unusable = None;
            }
            Ok(None) => self.unusable = None,
            Err(e) => self.unusable = Some(e),
        }
    }

    /// The client of the settings in force, or why they make none.
    pub fn client(&self) -> Result<Client, Error> {
        match (&self.unusable, &self.last) {
            (Some(e), _) => Err(e.clone()),
            (None, Some(client)) => Ok(client.clone()),
            // `use_settings` leaves one of the two set.
            (None, None) => Err(Error::new(
                crate::api::ErrorKind::InvalidSettings,
                "no settings yet",
            )),
        }
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
        let mut shared = SharedClient::new(&settings("App"));
        let a = shared.client().expect("client");
        shared.use_settings(&settings("App"));
        let b = shared.client().expect("client");
        assert!(a.shares_pool_with(&b));
        assert_eq!(shared.built(), 1);
        shared.use_settings(&settings("Other"));
        let c = shared.client().expect("client");
        assert!(!a.shares_pool_with(&c));
        assert_eq!(shared.built(), 2);
        assert!(
            c.with_v2().shares_pool_with(&c),
            "the v2 switch keeps the pool"
        );
    }

    #[test]
    fn settings_that_make_no_client_are_an_error_and_keep_the_cached_one() {
        let mut shared = SharedClient::new(&settings("App"));
        let a = shared.client().expect("client");
        let mut bad = settings("App");
        bad.client_web_server_url = "not a url".into();
        shared.use_settings(&bad);
        assert!(shared.client().is_err());
        shared.use_settings(&settings("App"));
        let b = shared.client().expect("client");
        assert!(a.shares_pool_with(&b));
    }
}
