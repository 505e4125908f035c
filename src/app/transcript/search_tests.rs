use super::*;
use crate::app::transcript::{Delivery, EntryKind, Sender, Transcript};
use std::sync::Arc;

#[test]
fn folding_ignores_case_accents_and_composition() {
    assert_eq!(fold("Crème BRÛLÉE"), "creme brulee");
    // The same word precomposed (NFC) and decomposed (NFD) folds alike.
    assert_eq!(fold("caf\u{e9}"), fold("cafe\u{301}"));
    assert_eq!(fold("Straße"), "strasse");
    assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
    // Compatibility forms: a ligature and full-width letters.
    assert_eq!(fold("ﬁle ＡＢＣ"), "file abc");
    // Marks that are not accents stay: ご is not こ.
    assert_ne!(fold("ご注文"), fold("こ注文"));
    assert_eq!(fold("ご注文"), fold("こ\u{3099}注文"));
}

#[test]
fn the_mapped_fold_leads_back_to_the_original_bytes() {
    let (folded, map) = fold_mapped("aÉb");
    assert_eq!(folded, "aeb");
    assert_eq!(map, vec![0, 1, 3]);
    let (folded, map) = fold_mapped("ßx");
    assert_eq!(folded, "ssx");
    assert_eq!(map, vec![0, 0, 2]);
}

#[test]
fn the_index_finds_each_entry_once_oldest_first() {
    let mut index = SearchIndex::default();
    for text in ["Hello there", "nothing", "HELLO hello hello", "Héllo"] {
        index.push(text);
    }
    assert_eq!(index.find("hello"), vec![0, 2, 3]);
    assert_eq!(index.find("HÉLLO"), vec![0, 2, 3]);
    assert_eq!(index.find("lo th"), vec![0]);
    assert!(index.find("absent").is_empty());
    assert!(index.find("").is_empty(), "an empty query matches nothing");
    assert!(
        index.find("\u{301}").is_empty(),
        "a lone mark folds to nothing"
    );
}

#[test]
fn no_match_spans_two_entries() {
    let mut index = SearchIndex::default();
    index.push("the end");
    index.push("start here");
    assert!(index.find("endstart").is_empty());
    assert!(index.find("end\nstart").is_empty());
    assert_eq!(index.find("end"), vec![0]);
}

#[test]
fn a_changed_entry_is_folded_again_and_the_rest_still_found() {
    let mut index = SearchIndex::default();
    for text in ["one", "two", "three"] {
        index.push(text);
    }
    index.set(1, "a much longer second entry");
    assert_eq!(index.find("longer"), vec![1]);
    assert!(index.find("two").is_empty());
    assert_eq!(index.find("three"), vec![2]);
    index.set(1, "2");
    assert_eq!(index.find("three"), vec![2]);
    assert_eq!(index.find("2"), vec![1]);
    index.set(7, "out of range: ignored");
    assert_eq!(index.len(), 3);
}

#[test]
fn the_transcript_keeps_its_index_as_entries_arrive_and_change() {
    let mut t = Transcript::new(0);
    let agent = Sender::Agent(Arc::from("Anna"));
    let message = |text: &str| EntryKind::Message {
        sender: agent.clone(),
        text: text.to_string(),
        delivery: Delivery::Received,
    };
    t.push(0, message("Your parcel is on its way"));
    t.push(0, EntryKind::System("Anna joined".to_string()));
    let last = t.push(0, message("The tracking link is in the email"));
    assert_eq!(t.search("PARCEL"), vec![0]);
    assert_eq!(t.search("anna"), vec![1], "system lines are searched too");
    t.modify(last, |kind| {
        if let EntryKind::Message { text, .. } = kind {
            *text = "The tracking number is 42".to_string();
        }
    });
    assert!(t.search("email").is_empty());
    assert_eq!(t.search("number"), vec![2]);
}
