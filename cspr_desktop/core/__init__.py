"""The Qt-free core: rule packs, engine, records and store. Never imports PySide6."""
