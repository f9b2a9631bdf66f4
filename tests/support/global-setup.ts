// Integration tests run against the production build: make sure it is current.
import { buildIfStale } from "../../scripts/build-if-stale.mjs";

export default function setup() {
  buildIfStale();
}
