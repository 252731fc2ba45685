//! What the extension's pages read and save (issue 25: one place, so the popup and the report
//! share it without importing each other): a download, a stored time in the admin's locale,
//! and an audit file the admin chose held against the log.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::now;
use crate::core::audit::{read, reconcile};
use crate::core::log::Entry;
use crate::core::popup::audit::AuditResult;

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

/// Reads an audit file the admin chose (in this page only: never stored or sent) and holds
/// `entries` — the verified chain — against it. The popup's "Read an audit file…" uses it too.
pub(crate) async fn read_audit_file(
    file: web_sys::File,
    entries: &[Entry],
    senders: &[String],
) -> Result<AuditResult, String> {
    let name = file.name();
    if file.size() as usize > read::MAX_AUDIT_BYTES {
        let too_large = t!("audit_too_large", read::MAX_AUDIT_BYTES / (1024 * 1024));
        return Err(t!("audit_not_read", name, too_large));
    }
    let text = gloo_file::futures::read_as_text(&gloo_file::File::from(file))
        .await
        .map_err(|e| t!("notice_file_unreadable", name, e.to_string()))?;
    let audit = read::read_audit(&text).map_err(|e| t!("audit_not_read", name, e.describe()))?;
    let reconciliation = reconcile::reconcile(entries, &audit, senders, now());
    Ok(AuditResult {
        name,
        file: audit,
        reconciliation,
    })
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
