// The page test against the static site: the folder `make site` writes (SCEYT_SITE_DIR, default
// target/site), served by a plain static file server instead of the example worker. The same
// tests as page.test.mjs, in their own process (node --test runs each file separately).
process.env.SCEYT_PAGE_SERVER = "static";
await import("./page.test.mjs");
