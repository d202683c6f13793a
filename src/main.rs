use std::process::ExitCode;

// Checking allocates many small, short-lived values per record (JSON trees,
// pointers, shingles); glibc's allocator spent ~15% of the run on them.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    acelint::app::main()
}
