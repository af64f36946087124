"""Qt printing: the PDF writer, its worker process, pagination and the text layer."""
