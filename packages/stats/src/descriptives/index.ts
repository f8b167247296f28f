// Public API of descriptives/ — one export line per public function file.
export {};
