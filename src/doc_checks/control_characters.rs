//! GW509 `control-character`: a name, key or value that API Gateway stores holds a control
//! character (NUL, ESC, BEL…), which only an escape in the document (`"\u0000"`, YAML `"\0"`) can
//! put there.

use super::walk::Found;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

pub(crate) fn run(found: &Found, out: &mut Vec<Diagnostic>) {
    for (segs, in_key, chars) in &found.control_characters {
        let at = segs.iter().fold(Pointer::root(), |p, s| p.child(s));
        let which = if *in_key { "this key" } else { "this value" };
        let named: Vec<String> = chars.iter().map(|c| format!("U+{:04X}", *c as u32)).collect();
        let message = format!(
            "{which} holds the control character{} {}",
            if named.len() == 1 { "" } else { "s" },
            named.join(", ")
        );
        let d = Diagnostic::new(Code::ControlCharacter, message);
        let d = if *in_key { d.at_key(&at, "here") } else { d.at_value(&at, "here") };
        out.push(d.help("remove it: an invisible character here is almost certainly a mistake, and it reaches every terminal and log that shows the value"));
    }
}
