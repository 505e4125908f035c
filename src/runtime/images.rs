//! Inline previews in the terminal: how this terminal shows pictures, getting and decoding
//! them off the UI thread, encoding them for the terminal, and keeping a bounded number.
//!
//! Owns:
//! - [`load`]: fetching (Get File) or reading (own uploads) a picture and decoding it on the
//!   blocking pool, with limits against decompression bombs, shrunk to at most
//!   [`SOURCE_MAX_PX`] a side; the picture or the reason there is none comes back as an
//!   [`ImageEvent`] (the pictures path's one way back; the event loop tells the app);
//! - [`Images`], the store the view draws from: one record per decoded picture with its
//!   encoding (none, in flight, ready at a size), bounded (least recently drawn dropped first),
//!   and the encodes the last frame asked for, which the event loop runs on the blocking pool
//!   ([`encode`]).
//!
//! Does not own: choosing the [`Picker`] (`graphics`), which entries get a preview or how many rows it takes (`app::preview`), or
//! where on screen it goes (`ui::images`).

use crate::api::Error;
use crate::api::client::Client;
use crate::app::PreviewSource;
use crate::ui::images::{Paint, Previews};
use image::{DynamicImage, ImageError, ImageReader, Limits};
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::Picker;
use ratatui_image::sliced::SlicedProtocol;
use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// Decoded sources are shrunk to at most this many pixels a side: more than a preview in the
/// transcript can use, and at most 2.4 MB each in memory.
pub const SOURCE_MAX_PX: u32 = 768;
/// Decoded sources kept; beyond that the least recently drawn is dropped.
pub const MAX_SOURCES: usize = 32;
/// Encoded pictures kept (one size each).
pub const MAX_ENCODED: usize = 24;
/// A picture declaring more than this many pixels a side is not decoded at all.
const DECODE_MAX_SIDE: u32 = 16_384;
/// Memory the decoder may allocate for one picture.
const DECODE_MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// The largest own upload read from disk for its preview.
const LOCAL_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// What comes back from the blocking pool to the event loop.
pub enum ImageEvent {
    /// A picture was decoded for transcript entry `entry_id` of chat `chat_id`.
    Decoded {
        chat_id: String,
        entry_id: u64,
        image: Arc<DynamicImage>,
    },
    /// No picture for that entry; the sentence says why (fetching or decoding failed).
    Failed {
        chat_id: String,
        entry_id: u64,
        why: String,
    },
    /// A picture was encoded for the terminal at `size` cells.
    Encoded {
        chat_id: String,
        entry_id: u64,
        size: Size,
        result: Result<SlicedProtocol, String>,
    },
}

/// Decodes a picture from untrusted bytes: the format is guessed from the content (never from
/// a name or content type), the size and allocation are limited before decoding, and the
/// result is shrunk to at most [`SOURCE_MAX_PX`] a side. The error is a sentence.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    super::terminal::contain_panic(|| decode_unguarded(bytes))
        .unwrap_or_else(|_| Err("the picture could not be read".to_string()))
}

fn decode_unguarded(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| "the picture could not be read".to_string())?;
    if reader.format().is_none() {
        return Err("not a picture format sp-chat can show".to_string());
    }
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_image_width = Some(DECODE_MAX_SIDE);
    limits.max_image_height = Some(DECODE_MAX_SIDE);
    limits.max_alloc = Some(DECODE_MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        ImageError::Limits(_) => "the picture is too large to preview".to_string(),
        ImageError::Unsupported(_) => "not a picture format sp-chat can show".to_string(),
        ImageError::Decoding(_)
        | ImageError::Encoding(_)
        | ImageError::Parameter(_)
        | ImageError::IoError(_) => "the picture could not be read".to_string(),
    })?;
    if image.width() == 0 || image.height() == 0 {
        return Err("the picture is empty".to_string());
    }
    let image = if image.width() > SOURCE_MAX_PX || image.height() > SOURCE_MAX_PX {
        image.thumbnail(SOURCE_MAX_PX, SOURCE_MAX_PX)
    } else {
        image
    };
    Ok(DynamicImage::ImageRgba8(image.into_rgba8()))
}

/// A picture's natural size in cells at `font` (pixels per cell), at least one cell each way.
pub fn natural_cells(image: &DynamicImage, font: (u16, u16)) -> (u16, u16) {
    let cells = |px: u32, per_cell: u16| {
        let n = px.div_ceil(u32::from(per_cell.max(1)));
        u16::try_from(n).unwrap_or(u16::MAX).max(1)
    };
    (cells(image.width(), font.0), cells(image.height(), font.1))
}

/// Runs `Effect::LoadPreview`: gets the bytes, decodes them on the blocking pool, and sends
/// the picture, or the reason there is none, to the event loop (`events`: the one way back of
/// the pictures path).
pub fn load(
    events: UnboundedSender<ImageEvent>,
    client: Result<Client, Error>,
    chat_id: String,
    entry_id: u64,
    source: PreviewSource,
) {
    let client = match &source {
        PreviewSource::Remote { .. } => match client {
            Ok(client) => Some(client),
            Err(e) => {
                let why = crate::app::sentences::error_sentence(&e);
                let _ = events.send(ImageEvent::Failed {
                    chat_id,
                    entry_id,
                    why,
                });
                return;
            }
        },
        PreviewSource::Local(_) | PreviewSource::Fetched(_) => None,
    };
    tokio::spawn(async move {
        let bytes = match (&source, client) {
            (PreviewSource::Remote { file_id }, Some(client)) => {
                match client.get_file(&chat_id, file_id).await {
                    Ok(d) => Ok(d.bytes),
                    Err(e) => Err(crate::app::sentences::error_sentence(&e)),
                }
            }
            (PreviewSource::Local(path), _) => read_local(path.clone()).await,
            (PreviewSource::Fetched(bytes), _) => Ok(bytes.to_vec()),
            (PreviewSource::Remote { .. }, None) => Err("no connection settings".to_string()),
        };
        let decoded = match bytes {
            Ok(bytes) => tokio::task::spawn_blocking(move || decode(&bytes))
                .await
                .unwrap_or_else(|_| Err("the picture could not be read".to_string())),
            Err(why) => Err(why),
        };
        match decoded {
            Ok(image) => {
                let _ = events.send(ImageEvent::Decoded {
                    chat_id,
                    entry_id,
                    image: Arc::new(image),
                });
            }
            Err(why) => {
                tracing::info!(entry_id, reason = %why, "no preview");
                let _ = events.send(ImageEvent::Failed {
                    chat_id,
                    entry_id,
                    why,
                });
            }
        }
    });
}

async fn read_local(path: std::path::PathBuf) -> Result<Vec<u8>, String> {
    let meta = tokio::fs::metadata(&path)
        .await
        .map_err(|_| "the file could not be read".to_string())?;
    if meta.len() > LOCAL_MAX_BYTES {
        return Err("the picture is too large to preview".to_string());
    }
    tokio::fs::read(&path)
        .await
        .map_err(|_| "the file could not be read".to_string())
}

/// Encodes `image` for the terminal at `size` cells (blocking: run it on the blocking pool).
pub fn encode(picker: &Picker, image: &DynamicImage, size: Size) -> Result<SlicedProtocol, String> {
    super::terminal::contain_panic(|| {
        SlicedProtocol::new_with_resize(picker, image.clone(), size, Resize::Fit(None))
            .map_err(|e| format!("the picture could not be drawn: {e}"))
    })
    .unwrap_or_else(|why| Err(format!("the picture could not be drawn: {why}")))
}

/// Where one picture of the chat stands once decoded: its pixels, and its encoding for the
/// terminal at the size last drawn (none yet, one in flight, or ready).
struct Picture {
    image: Arc<DynamicImage>,
    encoding: Encoding,
    /// When it was last drawn (by the store's lookup clock), to drop the oldest first.
    last_drawn: u64,
}

enum Encoding {
    None,
    /// An encode is on the blocking pool (one at a time per picture).
    InFlight,
    Ready {
        size: Size,
        protocol: SlicedProtocol,
    },
}

/// The decoded pictures of the current chat, one record each, bounded, and the encodes the
/// frames asked for. The fetch and decode happen before a picture gets here (`load`); its
/// failure goes the same way back (`ImageEvent::Failed`).
pub struct Images {
    picker: Picker,
    chat_id: Option<String>,
    pictures: HashMap<u64, Picture>,
    /// Encodes asked for by the last frame, for the event loop to start.
    requests: Vec<(u64, Size)>,
    /// Counts lookups, to know what was drawn least recently.
    clock: u64,
}

impl Images {
    pub fn new(picker: Picker) -> Self {
        Images {
            picker,
            chat_id: None,
            pictures: HashMap::new(),
            requests: Vec::new(),
            clock: 0,
        }
    }

    pub fn picker(&self) -> &Picker {
        &self.picker
    }

    /// Keeps a decoded picture; returns its natural size in cells for the app. A picture of
    /// another chat than the one kept so far starts afresh (the old chat is over).
    pub fn insert(&mut self, chat_id: &str, entry_id: u64, image: Arc<DynamicImage>) -> (u16, u16) {
        if self.chat_id.as_deref() != Some(chat_id) {
            self.pictures.clear();
            self.requests.clear();
            self.chat_id = Some(chat_id.to_string());
        }
        let font = self.picker.font_size();
        let cells = natural_cells(&image, (font.width, font.height));
        self.clock += 1;
        self.pictures.insert(
            entry_id,
            Picture {
                image,
                encoding: Encoding::None,
                last_drawn: self.clock,
            },
        );
        self.evict();
        cells
    }

    /// Keeps an encoded picture (ignoring one of another chat, or of a dropped picture).
    pub fn encoded(
        &mut self,
        chat_id: &str,
        entry_id: u64,
        size: Size,
        result: Result<SlicedProtocol, String>,
    ) {
        if self.chat_id.as_deref() != Some(chat_id) {
            return;
        }
        let Some(picture) = self.pictures.get_mut(&entry_id) else {
            return;
        };
        match result {
            Ok(protocol) => {
                self.clock += 1;
                picture.last_drawn = self.clock;
                picture.encoding = Encoding::Ready { size, protocol };
                self.evict();
            }
            Err(why) => {
                // Drawn as "no picture" from now on rather than asked for again every frame.
                tracing::warn!(entry_id, reason = %why, "preview encoding failed");
                self.pictures.remove(&entry_id);
            }
        }
    }

    /// The encodes the frames since the last call asked for: (entry, picture, size).
    pub fn take_requests(&mut self) -> Vec<(u64, Arc<DynamicImage>, Size)> {
        let requests = std::mem::take(&mut self.requests);
        requests
            .into_iter()
            .filter_map(|(entry_id, size)| {
                let image = self.pictures.get(&entry_id)?.image.clone();
                Some((entry_id, image, size))
            })
            .collect()
    }

    pub fn chat_id(&self) -> Option<&str> {
        self.chat_id.as_deref()
    }

    /// Runs every waiting encode here and now (for tests and benchmarks: the event loop uses
    /// the blocking pool instead).
    pub fn encode_waiting_now(&mut self) {
        let Some(chat_id) = self.chat_id.clone() else {
            return;
        };
        for (entry_id, image, size) in self.take_requests() {
            let result = encode(&self.picker, &image, size);
            self.encoded(&chat_id, entry_id, size, result);
        }
    }

    /// How many decoded and encoded pictures are kept (for tests).
    pub fn kept(&self) -> (usize, usize) {
        let encoded = self
            .pictures
            .values()
            .filter(|p| matches!(p.encoding, Encoding::Ready { .. }))
            .count();
        (self.pictures.len(), encoded)
    }

    /// Drops the least recently drawn pictures beyond [`MAX_SOURCES`], and the encodings of
    /// the least recently drawn beyond [`MAX_ENCODED`] (an encoding is the larger of the two).
    fn evict(&mut self) {
        let mut by_age: Vec<(u64, u64)> = self
            .pictures
            .iter()
            .map(|(id, p)| (p.last_drawn, *id))
            .collect();
        by_age.sort_unstable_by(|a, b| b.cmp(a));
        let mut encoded = 0;
        for (i, (_, id)) in by_age.into_iter().enumerate() {
            if i >= MAX_SOURCES {
                self.pictures.remove(&id);
                continue;
            }
            let Some(picture) = self.pictures.get_mut(&id) else {
                continue;
            };
            if matches!(picture.encoding, Encoding::Ready { .. }) {
                encoded += 1;
                if encoded > MAX_ENCODED {
                    picture.encoding = Encoding::None;
                }
            }
        }
    }
}

impl Previews for Images {
    fn paint(&mut self, entry_id: u64, size: Size) -> Paint<'_> {
        self.clock += 1;
        let clock = self.clock;
        let Some(picture) = self.pictures.get_mut(&entry_id) else {
            return Paint::Gone;
        };
        picture.last_drawn = clock;
        let ready =
            matches!(&picture.encoding, Encoding::Ready { size: drawn, .. } if *drawn == size);
        if !ready && !matches!(picture.encoding, Encoding::InFlight) {
            // Not encoded at this size yet (a stale size is not drawn): ask once, show pending.
            picture.encoding = Encoding::InFlight;
            self.requests.push((entry_id, size));
        }
        match &picture.encoding {
            Encoding::Ready { protocol, .. } if ready => Paint::Ready(protocol),
            Encoding::None | Encoding::InFlight | Encoding::Ready { .. } => Paint::Pending,
        }
    }
}

#[cfg(test)]
#[path = "images_tests.rs"]
mod tests;
