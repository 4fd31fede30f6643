{
  "targets": [
    {
      "target_name": "quickack",
      "sources": ["src/quickack.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
