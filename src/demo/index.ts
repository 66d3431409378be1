export { DEMO_ARTICLES_DIR, DEMO_SLUG, type DemoKeys, type DemoResult, seedDemo } from "./seed-demo.js";
