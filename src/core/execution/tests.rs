// Unit tests of the continuation loop against a scripted local HTTP server (filled in below).
use super::*;

#[test]
fn body_plans_build_each_round() {
    let p = BodyPlan::session_trigger(Some("user-message"), Some(r#"{"m":"hi"}"#), None);
    assert_eq!(p.body(0, None, None), r#"{"triggerName":"user-message","input":{"m":"hi"}}"#);
    assert_eq!(
        p.body(1, Some("e1"), Some("[]")),
        r#"{"triggerName":"user-message","input":{"m":"hi"},"executionId":"e1","toolResults":[]}"#
    );
    let w = BodyPlan::Worker { start_input: Some(Some("{}".into())) };
    assert_eq!(w.body(0, None, None), r#"{"type":"start","input":{}}"#);
    assert_eq!(w.body(1, Some("e"), Some("[1]")), r#"{"type":"continue","executionId":"e","toolResults":[1]}"#);
}
