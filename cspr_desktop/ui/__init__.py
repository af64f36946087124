"""The Qt shell: every screen of the desktop app. Nothing here decides; core decides."""
