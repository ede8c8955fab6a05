// Emits the link arguments a Node addon needs (napi-rs convention).
fn main() {
    napi_build::setup();
}
