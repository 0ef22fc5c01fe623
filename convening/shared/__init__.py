"""What every app uses and no domain owns: bounded row locks, safe uploads and private storage,
secret links kept out of the logs, spreadsheet-safe CSV cells and typed tags."""
