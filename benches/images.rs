//! Inline previews: what a picture costs, and where. Decoding (the demo's 200×140 PNG and a
//! 3000×2000 camera-sized JPEG, shrunk to at most 768 px a side), encoding for each terminal
//! protocol at a typical preview size (60×18 cells), and the frame: a 200×60 chat with a picture
//! in view against the same chat with the picture's rows blank. Decoding and encoding run on the
//! blocking pool, never on the UI thread; the frame is what the UI thread pays.
//!
//! `cargo bench --bench images` prints criterion's statistics, then a summary of the medians.

#[path = "support/fixture.rs"]
mod fixture;

use criterion::Criterion;
use fixture::{Samples, app_with, human};
use image::{DynamicImage, ImageFormat, RgbImage};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;
use ratatui_image::picker::{Picker, ProtocolType};
use serde_json::json;
use sp_chat::api::types::ServerEvent;
use sp_chat::app::{App, Msg, Screen};
use sp_chat::runtime::images::{Images, decode, encode};
use sp_chat::ui::images::{NoPreviews, Previews};
use std::hint::black_box;
use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;

const HEADSET_PNG: &[u8] = include_bytes!("../src/sim/assets/product.png");
const PREVIEW: Size = Size::new(60, 18);

/// A 3000×2000 JPEG with detail everywhere (a gradient with a fine pattern), like a photo.
fn camera_jpeg() -> Vec<u8> {
    let img = RgbImage::from_fn(3000, 2000, |x, y| {
        image::Rgb([(x / 12) as u8, (y / 8) as u8, ((x ^ y) & 0xff) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, ImageFormat::Jpeg)
        .expect("encode");
    out.into_inner()
}

#[allow(deprecated)]
fn picker(protocol: ProtocolType) -> Picker {
    let mut picker = Picker::from_fontsize((10, 20).into());
    picker.set_protocol_type(protocol);
    picker
}

/// A 200×60 chat of 100 messages ending with the agent's picture, its preview ready.
fn chat_with_picture() -> (App, Images) {
    let mut app = app_with(100, 200, 60);
    app.enable_previews();
    app.update(Msg::Session(sp_chat::api::session::SessionEvent::Events(
        vec![ServerEvent::from_value(json!({
            "event": "chat_session_file", "file_id": "f1", "file_name": "photo.jpg",
            "file_type": "image", "party_id": fixture::AGENT,
            "timestamp": (fixture::T0 / 1000 + 500).to_string()
        }))],
    )));
    let Screen::Chat(chat) = app.screen() else {
        panic!("in a chat");
    };
    let entry_id = chat.transcript().entries().last().expect("picture").id;
    let mut images = Images::new(picker(ProtocolType::Halfblocks));
    let source = Arc::new(decode(&camera_jpeg()).expect("decodes"));
    let cells = images.insert(fixture::CHAT_ID, entry_id, source);
    app.update(Msg::PreviewLoaded {
        chat_id: fixture::CHAT_ID.into(),
        entry_id,
        result: Ok(cells),
    });
    // One frame asks for the encode at the laid-out size; then it is ready.
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    terminal
        .draw(|f| sp_chat::ui::draw_with_previews(&app, f, &mut images))
        .expect("draw");
    images.encode_waiting_now();
    (app, images)
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let samples = Samples::default();
    let jpeg = camera_jpeg();
    let source = decode(&jpeg).expect("decodes");
    let mut group = c.benchmark_group("previews");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(3));

    group.bench_function("decode_png_200x140", |b| {
        b.iter_custom(|n| {
            samples.time("decode_png_200x140", n, || {
                black_box(decode(black_box(HEADSET_PNG)).expect("png"));
            })
        })
    });
    group.bench_function("decode_jpeg_3000x2000", |b| {
        b.iter_custom(|n| {
            samples.time("decode_jpeg_3000x2000", n, || {
                black_box(decode(black_box(&jpeg)).expect("jpeg"));
            })
        })
    });
    for (name, protocol) in [
        ("encode_halfblocks_60x18", ProtocolType::Halfblocks),
        ("encode_sixel_60x18", ProtocolType::Sixel),
        ("encode_kitty_60x18", ProtocolType::Kitty),
        ("encode_iterm2_60x18", ProtocolType::Iterm2),
    ] {
        let picker = picker(protocol);
        group.bench_function(name, |b| {
            b.iter_custom(|n| {
                samples.time(name, n, || {
                    black_box(encode(&picker, &source, PREVIEW).expect("encodes"));
                })
            })
        });
    }

    let (app, mut images) = chat_with_picture();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    // The same frame with the picture drawn, and with its rows left blank.
    let frames: [(&str, &mut dyn Previews); 2] = [
        ("frame_200x60_with_picture", &mut images),
        ("frame_200x60_picture_rows_blank", &mut NoPreviews),
    ];
    for (name, previews) in frames {
        group.bench_function(name, |b| {
            b.iter_custom(|n| {
                samples.time(name, n, || {
                    terminal
                        .draw(|f| sp_chat::ui::draw_with_previews(&app, f, previews))
                        .expect("draw");
                })
            })
        });
    }
    group.finish();

    println!("\nSummary (medians of this run)");
    for name in [
        "decode_png_200x140",
        "decode_jpeg_3000x2000",
        "encode_halfblocks_60x18",
        "encode_sixel_60x18",
        "encode_kitty_60x18",
        "encode_iterm2_60x18",
        "frame_200x60_with_picture",
        "frame_200x60_picture_rows_blank",
    ] {
        println!(
            "  {name:<34} {}",
            human(samples.median(name).unwrap_or_default())
        );
    }
    let with = samples
        .median("frame_200x60_with_picture")
        .unwrap_or_default()
        .as_secs_f64();
    let without = samples
        .median("frame_200x60_picture_rows_blank")
        .unwrap_or_default()
        .as_secs_f64();
    if without > 0.0 {
        println!(
            "  picture in view costs the frame    {:.2}×",
            with / without
        );
    }
    println!(
        "  decoded source kept per picture    {} bytes ({}×{} RGBA)",
        source.as_bytes().len(),
        source.width(),
        source.height()
    );
}
