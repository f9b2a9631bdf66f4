// Next runs this in the browser before the app hydrates: settings every page's code relies on go here,
// once, instead of in each module that happens to be loaded first.
import "./lib/zod-config";
