#pragma once

namespace olis::ui {

// Creates the QApplication and the main window, runs the event loop; returns the exit code.
int run_application(int argc, char** argv);

}  // namespace olis::ui
