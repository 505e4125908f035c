//! Small binary assets the scripted agent serves: its profile photo and the files it sends.
//! Owns only bytes; who sends what is `agent`'s business.

/// A 16×16 PNG: the agent's profile photo (Get Agent Profile Photo).
pub(crate) const AGENT_PHOTO_PNG: &[u8] = include_bytes!("assets/agent-photo.png");

/// A 24×24 PNG the agent sends when asked for a picture.
pub(crate) const PRODUCT_PNG: &[u8] = include_bytes!("assets/product.png");

/// The text attachment the agent sends when asked for a document.
pub(crate) const ORDER_SUMMARY_TXT: &str = "Order summary\n\
=============\n\
Order:    SIM-1024\n\
Item:     Wireless headset (black)\n\
Status:   shipped\n\
Tracking: 1Z-SIM-0000-4242\n\
\n\
Questions? Just reply in the chat.\n";
