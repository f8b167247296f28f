// Public API of regression/ — one export line per public function file.
export {};
