"""The analysis core: document model, checklists and rules. No Qt, no file formats."""
