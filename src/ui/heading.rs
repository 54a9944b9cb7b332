//! Section headings whose level follows where they are shown: a feature's sections are
//! `<h2>` on a page (under its `<h1>`) and `<h3>` in the blocking modal's tabs (under the
//! dialog's `<h2>` title), so heading levels never skip one.

use leptos::prelude::*;

/// The level of the heading a feature's sections sit under: 1 on a page (the default), 2
/// in a dialog whose title is an `<h2>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingBase(pub u8);

/// A heading `level` steps below the place's own heading (1: a section, 2: a part of one).
#[component]
pub fn Heading(
    level: u8,
    #[prop(into)] id: String,
    #[prop(optional)] class: &'static str,
    /// Focusable from script (not by Tab), to move focus to the section.
    #[prop(optional)]
    focusable: bool,
    children: Children,
) -> impl IntoView {
    let base = use_context::<HeadingBase>().map_or(1, |base| base.0);
    let tabindex = focusable.then_some("-1");
    let children = children();
    match base.saturating_add(level) {
        0..=2 => view! { <h2 id=id class=class tabindex=tabindex>{children}</h2> }.into_any(),
        3 => view! { <h3 id=id class=class tabindex=tabindex>{children}</h3> }.into_any(),
        4 => view! { <h4 id=id class=class tabindex=tabindex>{children}</h4> }.into_any(),
        5 => view! { <h5 id=id class=class tabindex=tabindex>{children}</h5> }.into_any(),
        _ => view! { <h6 id=id class=class tabindex=tabindex>{children}</h6> }.into_any(),
    }
}
