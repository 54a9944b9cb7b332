//! The toolbar's and gallery's styles (`style/preview.css`), compiled into the preview build
//! and added to the page at start, so no preview style is in `dist/` of the release build.
//! The Content-Security-Policy allows only styles with the page's nonce: the `<style>` gets
//! the nonce Trunk's bootstrap script carries.

const CSS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/style/preview.css"));

pub fn inject() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let nonce = document
        .query_selector("script[nonce]")
        .ok()
        .flatten()
        .and_then(|script| js_sys::Reflect::get(&script, &"nonce".into()).ok())
        .and_then(|nonce| nonce.as_string())
        .filter(|nonce| !nonce.is_empty());
    let (Ok(style), Ok(Some(head))) = (
        document.create_element("style"),
        document.query_selector("head"),
    ) else {
        return;
    };
    if let Some(nonce) = nonce {
        let _ = style.set_attribute("nonce", &nonce);
    }
    style.set_text_content(Some(CSS));
    let _ = head.append_child(&style);
}
