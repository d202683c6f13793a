//! Buffers a thread keeps between uses: a buffer per file or per record
//! would otherwise be allocated and freed tens of thousands of times a run.

use std::cell::Cell;
use std::thread::LocalKey;

/// A thread's spare buffer.
pub type Slot<T> = LocalKey<Cell<Vec<T>>>;

/// The thread's spare buffer from `slot`, emptied (a new one if none).
pub fn take<T>(slot: &'static Slot<T>) -> Vec<T> {
    let mut buffer = slot.take();
    buffer.clear();
    buffer
}

/// Keeps `buffer` in `slot` for the next use on this thread, unless it
/// holds more than `limit` bytes: one huge input is not kept for the run.
pub fn give_back<T>(slot: &'static Slot<T>, buffer: Vec<T>, limit: usize) {
    if buffer.capacity() * size_of::<T>() <= limit {
        slot.set(buffer);
    }
}
