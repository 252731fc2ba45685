//! Settings in `chrome.storage.local` (or any area with the same API): read, validated by
//! the core, and written whole with their schema version.

pub use super::boundary::describe;
use super::boundary::{from_js, to_js};
use super::chrome::StorageArea;
use crate::core::managed::Managed;
use crate::core::settings::{Loaded, Settings, SETTINGS_KEY};

/// What is stored now, interpreted; damaged or newer data is reported, not overwritten.
pub async fn load_settings(area: &StorageArea) -> Result<Loaded, String> {
    let raw = area
        .get_key(SETTINGS_KEY)
        .await
        .map_err(|e| t!("error_read_settings", describe(&e)))?;
    if raw.is_undefined() || raw.is_null() {
        return Ok(Settings::load(None));
    }
    let value: serde_json::Value = from_js(raw).map_err(|e| t!("error_read_settings", e))?;
    Ok(Settings::load(Some(&value)))
}

/// What the organisation set by policy (`chrome.storage.managed`), checked by the core. A
/// browser that cannot read it (no policy support) counts as nothing set.
pub async fn load_managed() -> Managed {
    let Ok(area) = StorageArea::managed() else {
        return Managed::default();
    };
    match area.get_all().await {
        Ok(raw) => match from_js::<serde_json::Value>(raw) {
            Ok(value) => Managed::read(&value),
            Err(_) => Managed::read(&serde_json::Value::Bool(false)),
        },
        Err(_) => Managed::default(),
    }
}

/// The settings in force: the admin's own (`chrome.storage.local`, as `load_settings` reads
/// them) with each valid managed value over them, and what the organisation set.
pub async fn load_effective(area: &StorageArea) -> Result<(Loaded, Managed), String> {
    let (own, managed) = futures_util::future::join(load_settings(area), load_managed()).await;
    let applied = match own? {
        Loaded::Fresh(s) => Loaded::Fresh(managed.apply(&s)),
        Loaded::Stored(s) => Loaded::Stored(managed.apply(&s)),
        Loaded::Unusable { defaults, problem } => Loaded::Unusable {
            defaults: managed.apply(&defaults),
            problem,
        },
    };
    Ok((applied, managed))
}

pub async fn save_settings(area: &StorageArea, settings: &Settings) -> Result<(), String> {
    let value = to_js(&settings.to_stored()).map_err(|e| describe(&e))?;
    area.set_key(SETTINGS_KEY, &value)
        .await
        .map_err(|e| t!("error_settings_not_saved", describe(&e)))
}
