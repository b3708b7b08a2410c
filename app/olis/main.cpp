// olis: the desktop application.
#include "ui/app_main.h"

int main(int argc, char** argv) { return olis::ui::run_application(argc, argv); }
