//! Reading what was dropped, opened or pasted: each file becomes an input (fleet files
//! included), an image goes to OCR. The effects run here, outside the reducer and the
//! components; the results arrive as [`Action`]s.

use super::state::Action;
use certscope::input::Source;
use web_sys::FileList;
use yew::Callback;

/// Reads every file and dispatches it (images go to OCR); a file that cannot be read is skipped
/// with a console note.
pub fn read_files(list: FileList, dispatch: Callback<Action>) {
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let dispatch = dispatch.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = file.name();
            let file = gloo::file::File::from(file);
            match gloo::file::futures::read_as_bytes(&file).await {
                Ok(bytes) if super::ocr::is_image(&bytes) => super::ocr::start(name, bytes, dispatch),
                Ok(bytes) => dispatch.emit(Action::AddFile(Source::file(name, bytes))),
                Err(e) => gloo::console::error!(format!("cannot read {name}: {e}")),
            }
        });
    }
}
