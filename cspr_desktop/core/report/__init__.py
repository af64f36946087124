"""The record view shared by screen and paper, and the HTML, Word and JSON outputs."""
