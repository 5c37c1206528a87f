"""Safe writes and Chinese error messages for files: used by the readers and writers in
``gongwen.formats`` and by the editor's own files. Knows no document format and no app
folder (the backup folder is handed in)."""
