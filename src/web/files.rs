//! What the extension's pages save and show (issue 25: one place, so the popup and the report
//! share it without importing each other): a download and a stored time in the admin's
//! locale. An audit file the admin chose is read where it is shown and held against the log by
//! the core (`core::audit::held_against`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Saves text as a file through a temporary object URL (gloo-file: revoked when dropped, after
/// the click) and a download link.
pub(crate) fn download(name: &str, content: &str, mime: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .ok_or("no window")?
        .document()
        .ok_or("no document")?;
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(content, Some(mime)));
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    Ok(())
}

/// A stored UTC time in the admin's locale and time zone ("Oct 15, 2022, 7:00 PM", or
/// "2022/10/15 19:00" in Japanese), through the browser's Intl; the stored form if that fails.
/// A calendar date alone ("2022-10-15") is shown as that day ("Oct 15, 2022", "2022/10/15").
pub(crate) fn local_time(utc: &str) -> String {
    let date_only = utc.len() == 10;
    let date = js_sys::Date::new(&JsValue::from_str(utc));
    if date.get_time().is_nan() {
        return utc.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    if date_only {
        // a calendar day, not an instant: no time zone may move it to the day before
        let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
    } else {
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    }
    let language = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"language".into()))
        .ok()
        .and_then(|l| l.as_string())
        .unwrap_or_else(|| "en-US".to_string());
    date.to_locale_string(&language, &options).into()
}
