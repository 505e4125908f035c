use super::*;
use pretty_assertions::assert_eq;
use serde_json::json;

fn parse(v: Value) -> ServerEvent {
    serde_json::from_value(v).expect("an event never fails to parse")
}

#[test]
fn every_documented_server_event_parses_to_its_variant() {
    let cases = [
        (
            json!({"event": "chat_session_status", "state": "queued", "ewt": "30"}),
            "Status",
        ),
        (
            json!({"event": "chat_session_party_joined", "party_id": "p1", "first_name": "Anna",
                   "last_name": "Lee", "display_name": "Anna L.", "type": "internal", "timestamp": "1700000000"}),
            "PartyJoined",
        ),
        (
            json!({"event": "chat_session_party_left", "party_id": "p1", "timestamp": 1700000000}),
            "PartyLeft",
        ),
        (
            json!({"event": "chat_session_message", "msg_id": "m1", "msg": "hi", "party_id": "p1"}),
            "Message",
        ),
        (
            json!({"event": "chat_session_typing", "party_id": "p1"}),
            "Typing",
        ),
        (
            json!({"event": "chat_session_not_typing", "party_id": "p1"}),
            "NotTyping",
        ),
        (
            json!({"event": "chat_session_file", "file_id": 12, "file_name": "a.png", "file_type": "image", "party_id": "p1"}),
            "File",
        ),
        (
            json!({"event": "chat_session_form_show", "form_request_id": 3, "form_name": "MobileChatSurvey", "form_timeout": "60"}),
            "FormShow",
        ),
        (
            json!({"event": "chat_session_secure_form_show", "form_request_id": "x", "form_name": "Card"}),
            "SecureFormShow",
        ),
        (
            json!({"event": "chat_session_timeout_warning", "msg": "soon"}),
            "TimeoutWarning",
        ),
        (
            json!({"event": "chat_session_inactivity_timeout", "msg": "bye"}),
            "InactivityTimeout",
        ),
        (json!({"event": "chat_session_ended"}), "Ended"),
        (
            json!({"event": "chat_session_message_delivered", "ref_msg_id": "c:1", "party_id": "p1"}),
            "MessageDelivered",
        ),
        (
            json!({"event": "chat_session_message_read", "ref_msg_id": "c:1", "party_id": "p1"}),
            "MessageRead",
        ),
        (
            json!({"event": "chat_session_case_set", "case_id": "case-9"}),
            "CaseSet",
        ),
        (
            json!({"event": "chat_session_location", "url": "https://maps", "latitude": 1.5, "longitude": "2.5", "party_id": "p1"}),
            "Location",
        ),
        (
            json!({"event": "chat_session_navigation", "msg_id": "n", "title": "Home", "page": "/"}),
            "Navigation",
        ),
        (
            json!({"event": "chat_session_info", "service_name": "Billing"}),
            "Info",
        ),
        (
            json!({"event": "chat_session_signaling", "data": {}}),
            "Unsupported",
        ),
        (
            json!({"event": "chat_session_cobrowsing_request"}),
            "Unsupported",
        ),
        (
            json!({"event": "chat_session_form_data", "form_request_id": 3, "form_name": "S", "data": {"rating": "5"}}),
            "FormData",
        ),
        (
            json!({"event": "chat_form_data_cancel", "form_request_id": 3, "form_name": "S"}),
            "FormCancel",
        ),
        (json!({"event": "chat_session_disconnect"}), "Disconnected"),
        (json!({"event": "chat_session_end"}), "EndRequested"),
    ];
    for (raw, want) in cases {
        let got = parse(raw.clone());
        let variant = format!("{got:?}");
        assert!(variant.starts_with(want), "{raw} parsed as {variant}");
        assert_eq!(got.name(), raw["event"].as_str().unwrap());
    }
}

#[test]
fn unknown_events_are_kept_whole() {
    let raw = json!({"event": "chat_session_hologram", "beam": [1, 2], "timestamp": "1700000000"});
    let got = parse(raw.clone());
    assert_eq!(
        got,
        ServerEvent::Unknown {
            event: "chat_session_hologram".into(),
            raw: raw.clone()
        }
    );
    assert_eq!(got.timestamp(), Some(Timestamp(1_700_000_000_000)));
    assert_eq!(got.to_value(), raw);
}

#[test]
fn a_known_event_with_unreadable_fields_is_kept_as_unknown() {
    let raw = json!({"event": "chat_session_message", "msg_id": {"nested": true}, "msg": ["x"]});
    // lenient_string turns odd shapes into text rather than failing
    match parse(raw) {
        ServerEvent::Message(m) => assert_eq!(m.msg, "[\"x\"]"),
        other => panic!("unexpected {other:?}"),
    }
    let raw = json!({"event": "chat_session_status", "state": "queued", "timestamp": {"no": 1}});
    assert!(matches!(parse(raw), ServerEvent::Status(_)));
    let raw = json!({"no_event_field": 1});
    assert!(matches!(parse(raw), ServerEvent::Unknown { event, .. } if event.is_empty()));
}

#[test]
fn unknown_fields_are_tolerated() {
    let raw = json!({"event": "chat_session_message", "msg_id": "m1", "msg": "hi", "party_id": "p",
                     "extra": {"deep": [1]}, "timestamp": "1700000000", "msg_text": "hi"});
    let ServerEvent::Message(m) = parse(raw) else {
        panic!("not a message")
    };
    assert_eq!(m.msg_text.as_deref(), Some("hi"));
    assert_eq!(m.timestamp, Some(Timestamp::from_secs(1_700_000_000)));
}

#[test]
fn server_events_round_trip_through_their_documented_form() {
    let events = vec![
        ServerEvent::Status(StatusEvent {
            state: ChatState::Queued,
            ewt: Some(20),
            timestamp: Some(Timestamp::from_secs(1_700_000_000)),
        }),
        ServerEvent::Message(MessageEvent {
            msg_id: "1".into(),
            msg: "a &amp; b".into(),
            msg_text: Some("a & b".into()),
            party_id: "agent-1".into(),
            timestamp: Some(Timestamp::from_secs(1_700_000_001)),
        }),
        ServerEvent::FormShow(FormShow {
            form_request_id: FormRequestId::Number(4),
            form_name: "MobileChatSurvey".into(),
            form_timeout: Some(120),
            channel: None,
            timestamp: None,
        }),
        ServerEvent::Ended(EndedEvent::default()),
    ];
    let wire = serde_json::to_string(&EventList {
        events: events.clone(),
    })
    .unwrap();
    let back: EventList = serde_json::from_str(&wire).unwrap();
    assert_eq!(back.events, events);
    assert!(wire.contains(r#""timestamp":"1700000000""#), "{wire}");
}

#[test]
fn event_list_tolerates_missing_null_and_odd_elements() {
    let l: EventList = serde_json::from_str("{}").unwrap();
    assert!(l.events.is_empty());
    let l: EventList = serde_json::from_str(r#"{"events": null}"#).unwrap();
    assert!(l.events.is_empty());
    let l: EventList =
        serde_json::from_str(r#"{"events": [1, "x", {"event": "chat_session_ended"}]}"#).unwrap();
    assert_eq!(l.events.len(), 3);
    assert!(matches!(l.events[2], ServerEvent::Ended(_)));
}

#[test]
fn client_events_serialize_to_the_documented_names() {
    let cases = [
        (
            ClientEvent::Message {
                msg_id: "c1:1".into(),
                msg: "a&lt;b<br>c".into(),
                msg_text: Some("a<b\nc".into()),
            },
            json!({"event": "chat_session_message", "msg_id": "c1:1", "msg": "a&lt;b<br>c", "msg_text": "a<b\nc"}),
        ),
        (ClientEvent::Typing, json!({"event": "chat_session_typing"})),
        (
            ClientEvent::NotTyping,
            json!({"event": "chat_session_not_typing"}),
        ),
        (
            ClientEvent::File {
                file_id: "f1".into(),
                file_name: "a.png".into(),
                file_type: "image".into(),
            },
            json!({"event": "chat_session_file", "file_id": "f1", "file_name": "a.png", "file_type": "image"}),
        ),
        (
            ClientEvent::FormData {
                form_request_id: FormRequestId::Number(3),
                form_name: "MobileChatSurvey".into(),
                data: [("rating".to_string(), "5".to_string())].into(),
            },
            json!({"event": "chat_session_form_data", "form_request_id": 3, "form_name": "MobileChatSurvey", "data": {"rating": "5"}}),
        ),
        (
            ClientEvent::FormCancel {
                form_request_id: FormRequestId::Text("r".into()),
                form_name: "S".into(),
            },
            json!({"event": "chat_form_data_cancel", "form_request_id": "r", "form_name": "S"}),
        ),
        (
            ClientEvent::MessageRead {
                ref_msg_id: "m1".into(),
            },
            json!({"event": "chat_session_message_read", "ref_msg_id": "m1"}),
        ),
        (
            ClientEvent::Disconnect,
            json!({"event": "chat_session_disconnect"}),
        ),
        (ClientEvent::End, json!({"event": "chat_session_end"})),
    ];
    for (event, want) in cases {
        assert_eq!(serde_json::to_value(&event).unwrap(), want);
        let back: ClientEvent = serde_json::from_value(want).unwrap();
        assert_eq!(back, event);
    }
}

#[test]
fn availability_accepts_every_spelling() {
    for (body, want) in [
        (r#"{"chat":"available"}"#, Availability::Available),
        (r#"{"chat":"notAvailable"}"#, Availability::NotAvailable),
        (r#"{"chat":"unavailable"}"#, Availability::NotAvailable),
    ] {
        let a: AvailabilityResponse = serde_json::from_str(body).unwrap();
        assert_eq!(a.chat, want);
    }
    let a: AvailabilityResponse =
        serde_json::from_str(r#"{"chat":"available","ewt":"45"}"#).unwrap();
    assert_eq!(a.ewt, Some(45));
}

#[test]
fn parameters_are_name_to_type_maps() {
    let p: ParametersResponse = serde_json::from_str(
        r#"{"parameters":[{"first_name":"FIRST_NAME"},{"email":"EMAIL"},{"x":"WEIRD"}]}"#,
    )
    .unwrap();
    assert_eq!(
        p.parameters,
        vec![
            ExpectedParameter {
                name: "first_name".into(),
                kind: ParameterType::FirstName
            },
            ExpectedParameter {
                name: "email".into(),
                kind: ParameterType::Email
            },
            ExpectedParameter {
                name: "x".into(),
                kind: ParameterType::Other("WEIRD".into())
            },
        ]
    );
    let back: ParametersResponse =
        serde_json::from_value(serde_json::to_value(&p).unwrap()).unwrap();
    assert_eq!(back, p);
}

#[test]
fn chat_response_accepts_variants() {
    let r: ChatResponse = serde_json::from_str(
        r#"{"chat_id":"abc","state":"queued","ewt":"12","is_new_chat":true,"phone_number":""}"#,
    )
    .unwrap();
    assert_eq!(r.state, Some(ChatState::Queued));
    assert_eq!(r.ewt, Some(12));
    let r: ChatResponse = serde_json::from_str(r#"{"chat_id":123}"#).unwrap();
    assert_eq!(r.chat_id, "123");
    assert_eq!(r.state, None);
    assert_eq!(r.created_time, None);
}

#[test]
fn chat_response_reads_an_optional_created_time_leniently() {
    let at = |json: &str| {
        serde_json::from_str::<ChatResponse>(json)
            .expect("parses")
            .created_time
    };
    let ms = Some(Timestamp(1_700_000_000_000));
    assert_eq!(at(r#"{"chat_id":"a","created_time":1700000000000}"#), ms);
    assert_eq!(at(r#"{"chat_id":"a","created_time":"1700000000"}"#), ms);
    // Anything else is no start time, never a failed answer.
    for odd in [r#""soon""#, "null", "{}", "[1]", "true"] {
        assert_eq!(
            at(&format!(r#"{{"chat_id":"a","created_time":{odd}}}"#)),
            None
        );
    }
}

#[test]
fn error_body_code_is_a_number_or_a_string() {
    let e: ErrorBody =
        serde_json::from_str(r#"{"error_code":"5005","error_message":"gone"}"#).unwrap();
    assert_eq!(e.error_code, Some(error_codes::CHAT_NOT_FOUND));
    let e: ErrorBody = serde_json::from_str(r#"{"error_code":5509}"#).unwrap();
    assert_eq!(e.error_code, Some(error_codes::TOO_MANY_POLLS));
}

#[test]
fn upload_and_version_and_case_history_parse() {
    let u: UploadResponse = serde_json::from_str(r#"{"file_id":77,"file_name":"a.png"}"#).unwrap();
    assert_eq!(u.file_id, "77");
    let v: VersionResponse = serde_json::from_str(r#"{"server_version":"5.8.1"}"#).unwrap();
    assert_eq!(v.server_version, "5.8.1");
    let c: CaseHistoryResponse = serde_json::from_str(
        r#"{"sessions":[{"chat_id":"old","created_time":1700000000000,"events":[{"event":"chat_session_ended"}]}]}"#,
    )
    .unwrap();
    assert_eq!(c.sessions[0].events.len(), 1);
    assert_eq!(
        c.sessions[0].created_time,
        Some(Timestamp(1_700_000_000_000))
    );
}

#[test]
fn message_display_text_prefers_plain_text_and_is_sanitised() {
    let mut m = MessageEvent {
        msg: "a &lt;b&gt;<br>&#27;[2Jc<script>x</script>".into(),
        ..Default::default()
    };
    let shown = m.display_text();
    assert!(shown.starts_with("a <b>\n"), "{shown:?}");
    assert!(!shown.contains('\x1b'));
    assert!(!shown.contains('x'));
    m.msg_text = Some("plain \x1b]52;c;x\x07".into());
    assert!(!m.display_text().contains('\x1b'));
    assert!(m.display_text().starts_with("plain "));
}

#[test]
fn party_name_prefers_display_name_and_is_sanitised() {
    let p = PartyJoined {
        first_name: "Anna".into(),
        last_name: "Lee".into(),
        ..Default::default()
    };
    assert_eq!(p.name(), "Anna Lee");
    let p = PartyJoined {
        display_name: "Ev\u{202E}il\nName".into(),
        ..Default::default()
    };
    assert!(!p.name().contains('\u{202E}'));
    assert!(!p.name().contains('\n'));
}
