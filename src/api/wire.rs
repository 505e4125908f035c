//! Lenient decoders for the wire forms PROTOCOL.md says vary between servers and SDKs.
//!
//! Owns: timestamps in seconds or milliseconds (number or numeric string), numbers that arrive as
//! strings (`ewt`, `error_code`), ids that arrive as numbers (`file_id`). Does not own the event
//! types themselves (see `types`).

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// Below this, a timestamp is taken as epoch seconds; at or above, as milliseconds.
/// 10^11 seconds is the year 5138, 10^11 milliseconds is 1973: no real value is ambiguous.
const SECONDS_LIMIT: i64 = 100_000_000_000;

/// A point in time, kept as epoch milliseconds whatever form the server used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Interprets a raw number the way PROTOCOL.md asks: seconds below 10^11, else milliseconds.
    pub fn from_raw(raw: i64) -> Self {
        // `unsigned_abs`: `abs` of i64::MIN overflows, and any number may come off the wire.
        if raw.unsigned_abs() < SECONDS_LIMIT.unsigned_abs() {
            Timestamp(raw.saturating_mul(1000))
        } else {
            Timestamp(raw)
        }
    }

    pub fn from_secs(secs: i64) -> Self {
        Timestamp(secs.saturating_mul(1000))
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    pub fn secs(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// Decodes a JSON value; `None` for anything that is not a number or a numeric string.
    pub fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
                .map(Self::from_raw),
            Value::String(s) => parse_numeric_str(s).map(Self::from_raw),
            _ => None,
        }
    }
}

impl Serialize for Timestamp {
    /// Sent the way vendor servers send it in practice: epoch seconds as a string.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.secs().to_string())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Timestamp::from_value(&v).ok_or_else(|| de::Error::custom("timestamp is not a number"))
    }
}

fn parse_numeric_str(s: &str) -> Option<i64> {
    let t = s.trim();
    t.parse::<i64>().ok().or_else(|| {
        t.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|f| f as i64)
    })
}

/// Deserializes an optional timestamp, treating anything unreadable as absent (liberal).
pub fn opt_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(v.as_ref().and_then(Timestamp::from_value))
}

/// Deserializes an optional non-negative count (`ewt`, `form_timeout`) from a number or a
/// string; unreadable or negative values are treated as absent.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::Number(n)) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Some(Value::String(s)) => parse_numeric_str(&s).and_then(|n| u64::try_from(n).ok()),
        _ => None,
    })
}

/// Deserializes an optional signed number (`error_code`) from a number or a string.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => parse_numeric_str(&s),
        _ => None,
    })
}

/// Deserializes a string that some servers send as a number (ids); `null` becomes empty.
pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => other.to_string(),
    })
}

/// Like [`lenient_string`] but keeps absence distinct from an empty string.
pub fn opt_lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        Some(other) => Some(other.to_string()),
    })
}

/// A field type whose wire form varies between servers, decoded by its type: a struct of wire
/// fields (`types::wire_structs!`) names this one decoder and this one skip rule for every field,
/// instead of picking a decoder per field.
pub trait Lenient: Sized {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;

    /// Whether serialising leaves the field out: only an optional value that is absent.
    fn is_absent(&self) -> bool {
        false
    }
}

impl Lenient for String {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient_string(d)
    }
}

/// `Lenient` for `Option<T>`s: read with the given decoder, left out when serialised if absent.
macro_rules! optional_lenient {
    ($($ty:ty => $decode:expr),+ $(,)?) => {$(
        impl Lenient for Option<$ty> {
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $decode(d)
            }

            fn is_absent(&self) -> bool {
                self.is_none()
            }
        }
    )+};
}
pub(crate) use optional_lenient;

optional_lenient! {
    String => opt_lenient_string,
    u64 => opt_u64,
    i64 => opt_i64,
    Timestamp => opt_timestamp,
}

/// `Lenient` for types whose own `Deserialize` is the wire form: always serialised.
macro_rules! plain_lenient {
    ($($ty:ty),+ $(,)?) => {$(
        impl Lenient for $ty {
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Self::deserialize(d)
            }
        }
    )+};
}
pub(crate) use plain_lenient;

plain_lenient!(FormRequestId, Option<Value>);

/// A form request id: a number in the Android SDK, a string elsewhere. Kept exactly as received
/// and sent back unchanged (PROTOCOL.md, `chat_session_form_show`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FormRequestId {
    Number(i64),
    Text(String),
}

impl Default for FormRequestId {
    fn default() -> Self {
        FormRequestId::Text(String::new())
    }
}

impl fmt::Display for FormRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormRequestId::Number(n) => write!(f, "{n}"),
            FormRequestId::Text(s) => f.write_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_timestamp")]
        t: Option<Timestamp>,
        #[serde(default, deserialize_with = "opt_u64")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "lenient_string")]
        s: String,
    }

    fn probe(v: Value) -> Probe {
        serde_json::from_value(v).expect("probe parses")
    }

    #[test]
    fn timestamp_accepts_seconds_and_millis_as_numbers_or_strings() {
        let secs = Timestamp(1_700_000_000_000);
        assert_eq!(probe(json!({"t": 1_700_000_000})).t, Some(secs));
        assert_eq!(probe(json!({"t": "1700000000"})).t, Some(secs));
        assert_eq!(probe(json!({"t": 1_700_000_000_000_i64})).t, Some(secs));
        assert_eq!(probe(json!({"t": "1700000000000"})).t, Some(secs));
        assert_eq!(probe(json!({"t": " 1700000000.5 "})).t, Some(secs));
    }

    #[test]
    fn unreadable_optional_values_become_absent() {
        let p = probe(json!({"t": "soon", "n": "-3"}));
        assert_eq!(p.t, None);
        assert_eq!(p.n, None);
        assert_eq!(probe(json!({"t": null, "n": null})).n, None);
    }

    #[test]
    fn counts_accept_numbers_and_strings() {
        assert_eq!(probe(json!({"n": 42})).n, Some(42));
        assert_eq!(probe(json!({"n": "42"})).n, Some(42));
        assert_eq!(probe(json!({"n": 4.9})).n, Some(4));
    }

    #[test]
    fn ids_sent_as_numbers_become_strings() {
        assert_eq!(probe(json!({"s": 17})).s, "17");
        assert_eq!(probe(json!({"s": "abc"})).s, "abc");
        assert_eq!(probe(json!({})).s, "");
    }

    #[test]
    fn extreme_timestamps_do_not_overflow() {
        assert_eq!(Timestamp::from_raw(i64::MIN), Timestamp(i64::MIN));
        assert_eq!(Timestamp::from_raw(i64::MAX), Timestamp(i64::MAX));
        assert_eq!(probe(json!({"t": i64::MIN})).t, Some(Timestamp(i64::MIN)));
        assert_eq!(Timestamp(i64::MIN).secs(), i64::MIN.div_euclid(1000));
    }

    #[test]
    fn timestamp_serializes_as_seconds_string() {
        assert_eq!(
            serde_json::to_value(Timestamp(1_700_000_000_000)).unwrap(),
            json!("1700000000")
        );
    }

    #[test]
    fn form_request_id_round_trips_unchanged() {
        for v in [json!(7), json!("7"), json!("req-abc")] {
            let id: FormRequestId = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(serde_json::to_value(&id).unwrap(), v);
        }
    }
}
