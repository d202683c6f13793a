use std::process::ExitCode;

fn main() -> ExitCode {
    tune_allocator();
    acelint::app::main()
}

/// Each worker thread allocates and frees a record's tree many thousand
/// times over. glibc hands the freed top of a thread's heap back to the
/// kernel as soon as it passes 128 KiB and asks for it again on the next
/// record: thousands of `mprotect` calls and page faults per run, about 5%
/// of it. Keeping up to 256 MiB free (and growing in 64 MiB steps of
/// address space, which cost nothing until touched) stops that churn. Peak
/// memory is unchanged, as the heap only grows to what was in use at once;
/// what is freed after the peak is kept until the process ends.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets allocator parameters; it is called
    // before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}
