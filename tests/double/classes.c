/*
 * classes.c: the meta-object data of the probe double, one table row per
 * class: its base class, accessible role, and a spec of its properties,
 * slots, invokables and signals as Qt 6.4 declares them (a representative
 * subset for the big classes).  model.c parses the specs once at start.
 *
 * Spec lines:
 *   P name type flags default	property; flags rw, ro, c (computed rw),
 *				cro (computed read-only); default is JSON
 *   M access ret name(types) names	slot
 *   I access ret name(types) names	Q_INVOKABLE method
 *   S name(types) names		signal
 * names are comma-separated parameter names, "-" for none.
 */

#include <stddef.h>

#include "double.h"

#define WIDGET_SPEC \
"P modal bool cro -\n" \
"P windowModality Qt::WindowModality rw {\"_type\":\"Qt::WindowModality\",\"value\":\"NonModal\"}\n" \
"P enabled bool c -\n" \
"P geometry QRect c -\n" \
"P frameGeometry QRect cro -\n" \
"P normalGeometry QRect cro -\n" \
"P x int cro -\n" \
"P y int cro -\n" \
"P pos QPoint c -\n" \
"P frameSize QSize cro -\n" \
"P size QSize c -\n" \
"P width int cro -\n" \
"P height int cro -\n" \
"P rect QRect cro -\n" \
"P childrenRect QRect cro -\n" \
"P childrenRegion QRegion cro -\n" \
"P sizePolicy QSizePolicy rw {\"_type\":\"QSizePolicy\",\"value\":null}\n" \
"P minimumSize QSize rw {\"width\":0,\"height\":0}\n" \
"P maximumSize QSize rw {\"width\":16777215,\"height\":16777215}\n" \
"P minimumWidth int rw 0\n" \
"P minimumHeight int rw 0\n" \
"P maximumWidth int rw 16777215\n" \
"P maximumHeight int rw 16777215\n" \
"P sizeIncrement QSize rw {\"width\":0,\"height\":0}\n" \
"P baseSize QSize rw {\"width\":0,\"height\":0}\n" \
"P palette QPalette rw {\"_type\":\"QPalette\",\"value\":null}\n" \
"P font QFont rw {\"_type\":\"QFont\",\"value\":\"Sans Serif,9,-1,5,400,0,0,0,0,0,0,0,0,0,0,1\"}\n" \
"P cursor QCursor rw {\"_type\":\"QCursor\",\"value\":null}\n" \
"P mouseTracking bool rw false\n" \
"P tabletTracking bool rw false\n" \
"P isActiveWindow bool cro -\n" \
"P focusPolicy Qt::FocusPolicy rw {\"_type\":\"Qt::FocusPolicy\",\"value\":\"NoFocus\"}\n" \
"P focus bool cro -\n" \
"P contextMenuPolicy Qt::ContextMenuPolicy rw {\"_type\":\"Qt::ContextMenuPolicy\",\"value\":\"DefaultContextMenu\"}\n" \
"P updatesEnabled bool rw true\n" \
"P visible bool c -\n" \
"P minimized bool cro -\n" \
"P maximized bool cro -\n" \
"P fullScreen bool cro -\n" \
"P sizeHint QSize cro -\n" \
"P minimumSizeHint QSize cro -\n" \
"P acceptDrops bool rw false\n" \
"P windowTitle QString rw \"\"\n" \
"P windowIcon QIcon rw {\"_type\":\"QIcon\",\"value\":null}\n" \
"P windowIconText QString rw \"\"\n" \
"P windowOpacity double rw 1\n" \
"P windowModified bool rw false\n" \
"P toolTip QString rw \"\"\n" \
"P toolTipDuration int rw -1\n" \
"P statusTip QString rw \"\"\n" \
"P whatsThis QString rw \"\"\n" \
"P accessibleName QString rw \"\"\n" \
"P accessibleDescription QString rw \"\"\n" \
"P layoutDirection Qt::LayoutDirection rw {\"_type\":\"Qt::LayoutDirection\",\"value\":\"LeftToRight\"}\n" \
"P autoFillBackground bool rw false\n" \
"P styleSheet QString rw \"\"\n" \
"P locale QLocale rw {\"_type\":\"QLocale\",\"value\":null}\n" \
"P windowFilePath QString rw \"\"\n" \
"P inputMethodHints Qt::InputMethodHints rw {\"_type\":\"Qt::InputMethodHints\",\"value\":\"ImhNone\"}\n" \
"M public void setEnabled(bool) -\n" \
"M public void setDisabled(bool) -\n" \
"M public void setWindowModified(bool) -\n" \
"M public void setWindowTitle(QString) -\n" \
"M public void setStyleSheet(QString) styleSheet\n" \
"M public void setFocus() -\n" \
"M public void update() -\n" \
"M public void repaint() -\n" \
"M public void setVisible(bool) visible\n" \
"M public void setHidden(bool) hidden\n" \
"M public void show() -\n" \
"M public void hide() -\n" \
"M public void showMinimized() -\n" \
"M public void showMaximized() -\n" \
"M public void showFullScreen() -\n" \
"M public void showNormal() -\n" \
"M public bool close() -\n" \
"M public void raise() -\n" \
"M public void lower() -\n" \
"M protected void updateMicroFocus(Qt::InputMethodQuery) query\n" \
"M protected void updateMicroFocus() -\n" \
"I public QPixmap grab(QRect) rectangle\n" \
"I public QPixmap grab() -\n" \
"S windowTitleChanged(QString) title\n" \
"S windowIconChanged(QIcon) icon\n" \
"S windowIconTextChanged(QString) iconText\n" \
"S customContextMenuRequested(QPoint) pos\n"

#define FRAME_SPEC \
"P frameShape QFrame::Shape rw {\"_type\":\"QFrame::Shape\",\"value\":\"NoFrame\"}\n" \
"P frameShadow QFrame::Shadow rw {\"_type\":\"QFrame::Shadow\",\"value\":\"Plain\"}\n" \
"P lineWidth int rw 1\n" \
"P midLineWidth int rw 0\n" \
"P frameWidth int ro 0\n" \
"P frameRect QRect cro -\n"

#define SCROLLAREA_SPEC \
"P verticalScrollBarPolicy Qt::ScrollBarPolicy rw {\"_type\":\"Qt::ScrollBarPolicy\",\"value\":\"ScrollBarAsNeeded\"}\n" \
"P horizontalScrollBarPolicy Qt::ScrollBarPolicy rw {\"_type\":\"Qt::ScrollBarPolicy\",\"value\":\"ScrollBarAsNeeded\"}\n" \
"P sizeAdjustPolicy QAbstractScrollArea::SizeAdjustPolicy rw {\"_type\":\"QAbstractScrollArea::SizeAdjustPolicy\",\"value\":\"AdjustIgnored\"}\n"

#define LAYOUT_SPEC \
"P spacing int rw 6\n" \
"P contentsMargins QMargins rw {\"_type\":\"QMargins\",\"value\":null}\n" \
"P sizeConstraint QLayout::SizeConstraint rw {\"_type\":\"QLayout::SizeConstraint\",\"value\":\"SetDefaultConstraint\"}\n"

#define MODEL_SPEC \
"M public bool submit() -\n" \
"M public void revert() -\n" \
"I public QModelIndex index(int,int,QModelIndex) row,column,parent\n" \
"I public QModelIndex index(int,int) row,column\n" \
"I public QModelIndex parent(QModelIndex) child\n" \
"I public int rowCount(QModelIndex) parent\n" \
"I public int rowCount() -\n" \
"I public int columnCount(QModelIndex) parent\n" \
"I public int columnCount() -\n" \
"I public bool hasChildren(QModelIndex) parent\n" \
"I public bool hasChildren() -\n" \
"I public QVariant data(QModelIndex,int) index,role\n" \
"I public QVariant data(QModelIndex) index\n" \
"I public QVariant headerData(int,Qt::Orientation,int) section,orientation,role\n" \
"I public QVariant headerData(int,Qt::Orientation) section,orientation\n" \
"S dataChanged(QModelIndex,QModelIndex,QList<int>) topLeft,bottomRight,roles\n" \
"S dataChanged(QModelIndex,QModelIndex) topLeft,bottomRight\n" \
"S headerDataChanged(Qt::Orientation,int,int) orientation,first,last\n" \
"S layoutChanged() -\n" \
"S layoutAboutToBeChanged() -\n" \
"S rowsAboutToBeInserted(QModelIndex,int,int) parent,first,last\n" \
"S rowsInserted(QModelIndex,int,int) parent,first,last\n" \
"S rowsAboutToBeRemoved(QModelIndex,int,int) parent,first,last\n" \
"S rowsRemoved(QModelIndex,int,int) parent,first,last\n" \
"S modelAboutToBeReset() -\n" \
"S modelReset() -\n"

#define BUTTON_SPEC \
"P text QString rw \"\"\n" \
"P icon QIcon rw {\"_type\":\"QIcon\",\"value\":null}\n" \
"P iconSize QSize rw {\"width\":16,\"height\":16}\n" \
"P shortcut QKeySequence rw {\"_type\":\"QKeySequence\",\"value\":\"\"}\n" \
"P checkable bool rw false\n" \
"P checked bool rw false\n" \
"P autoRepeat bool rw false\n" \
"P autoExclusive bool rw false\n" \
"P autoRepeatDelay int rw 300\n" \
"P autoRepeatInterval int rw 100\n" \
"P down bool c -\n" \
"M public void setIconSize(QSize) size\n" \
"M public void animateClick() -\n" \
"M public void click() -\n" \
"M public void toggle() -\n" \
"M public void setChecked(bool) -\n" \
"S pressed() -\n" \
"S released() -\n" \
"S clicked(bool) checked\n" \
"S clicked() -\n" \
"S toggled(bool) checked\n"

#define SLIDER_SPEC \
"P minimum int rw 0\n" \
"P maximum int rw 99\n" \
"P singleStep int rw 1\n" \
"P pageStep int rw 10\n" \
"P value int rw 0\n" \
"P sliderPosition int c -\n" \
"P tracking bool rw true\n" \
"P orientation Qt::Orientation rw {\"_type\":\"Qt::Orientation\",\"value\":\"Vertical\"}\n" \
"P invertedAppearance bool rw false\n" \
"P invertedControls bool rw false\n" \
"P sliderDown bool rw false\n" \
"M public void setValue(int) -\n" \
"M public void setOrientation(Qt::Orientation) -\n" \
"M public void setRange(int,int) min,max\n" \
"S valueChanged(int) value\n" \
"S sliderPressed() -\n" \
"S sliderMoved(int) position\n" \
"S sliderReleased() -\n" \
"S rangeChanged(int,int) min,max\n" \
"S actionTriggered(int) action\n"

#define ITEMVIEW_SPEC \
"P autoScroll bool rw true\n" \
"P autoScrollMargin int rw 16\n" \
"P editTriggers QAbstractItemView::EditTriggers rw {\"_type\":\"QAbstractItemView::EditTriggers\",\"value\":\"DoubleClicked|EditKeyPressed\"}\n" \
"P tabKeyNavigation bool rw false\n" \
"P showDropIndicator bool rw true\n" \
"P dragEnabled bool rw false\n" \
"P dragDropOverwriteMode bool rw false\n" \
"P dragDropMode QAbstractItemView::DragDropMode rw {\"_type\":\"QAbstractItemView::DragDropMode\",\"value\":\"NoDragDrop\"}\n" \
"P defaultDropAction Qt::DropAction rw {\"_type\":\"Qt::DropAction\",\"value\":\"IgnoreAction\"}\n" \
"P alternatingRowColors bool rw false\n" \
"P selectionMode QAbstractItemView::SelectionMode rw {\"_type\":\"QAbstractItemView::SelectionMode\",\"value\":\"SingleSelection\"}\n" \
"P selectionBehavior QAbstractItemView::SelectionBehavior rw {\"_type\":\"QAbstractItemView::SelectionBehavior\",\"value\":\"SelectItems\"}\n" \
"P iconSize QSize rw {\"width\":-1,\"height\":-1}\n" \
"P textElideMode Qt::TextElideMode rw {\"_type\":\"Qt::TextElideMode\",\"value\":\"ElideRight\"}\n" \
"P verticalScrollMode QAbstractItemView::ScrollMode rw {\"_type\":\"QAbstractItemView::ScrollMode\",\"value\":\"ScrollPerItem\"}\n" \
"P horizontalScrollMode QAbstractItemView::ScrollMode rw {\"_type\":\"QAbstractItemView::ScrollMode\",\"value\":\"ScrollPerItem\"}\n" \
"M public void reset() -\n" \
"M public void setRootIndex(QModelIndex) index\n" \
"M public void doItemsLayout() -\n" \
"M public void selectAll() -\n" \
"M public void edit(QModelIndex) index\n" \
"M public void clearSelection() -\n" \
"M public void setCurrentIndex(QModelIndex) index\n" \
"M public void scrollToTop() -\n" \
"M public void scrollToBottom() -\n" \
"M public void update(QModelIndex) index\n" \
"S pressed(QModelIndex) index\n" \
"S clicked(QModelIndex) index\n" \
"S doubleClicked(QModelIndex) index\n" \
"S activated(QModelIndex) index\n" \
"S entered(QModelIndex) index\n" \
"S viewportEntered() -\n" \
"S iconSizeChanged(QSize) size\n"

static struct cls classes[] = {
	{ .name = "QObject", .super = NULL, .spec =
"P objectName QString c -\n"
"M public void deleteLater() -\n"
"S destroyed(QObject*) -\n"
"S destroyed() -\n"
"S objectNameChanged(QString) objectName\n", .role = R_NONE },

	{ .name = "QCoreApplication", .super = "QObject", .spec =
"P applicationName QString rw \"QtMCP Test App\"\n"
"P applicationVersion QString rw \"0.1.0\"\n"
"P organizationName QString rw \"QtMCP\"\n"
"P organizationDomain QString rw \"\"\n"
"P quitLockEnabled bool rw true\n"
"M public void quit() -\n"
"M public void exit(int) retcode\n"
"M public void exit() -\n"
"S aboutToQuit() -\n"
"S organizationNameChanged() -\n"
"S organizationDomainChanged() -\n"
"S applicationNameChanged() -\n"
"S applicationVersionChanged() -\n", .role = R_APPLICATION },
	{ .name = "QGuiApplication", .super = "QCoreApplication", .spec =
"P windowIcon QIcon rw {\"_type\":\"QIcon\",\"value\":null}\n"
"P applicationDisplayName QString rw \"QtMCP Test App\"\n"
"P desktopFileName QString rw \"\"\n"
"P layoutDirection Qt::LayoutDirection rw {\"_type\":\"Qt::LayoutDirection\",\"value\":\"LeftToRight\"}\n"
"P platformName QString ro \"xcb\"\n"
"P quitOnLastWindowClosed bool rw true\n"
"P primaryScreen QScreen* ro {\"_type\":\"QScreen*\",\"value\":null}\n"
"S fontDatabaseChanged() -\n"
"S screenAdded(QScreen*) screen\n"
"S lastWindowClosed() -\n"
"S focusObjectChanged(QObject*) focusObject\n"
"S focusWindowChanged(QWindow*) focusWindow\n"
"S applicationStateChanged(Qt::ApplicationState) state\n"
"S layoutDirectionChanged(Qt::LayoutDirection) direction\n"
"S applicationDisplayNameChanged() -\n", .role = R_APPLICATION },
	{ .name = "QApplication", .super = "QGuiApplication", .spec =
"P cursorFlashTime int rw 1000\n"
"P doubleClickInterval int rw 400\n"
"P keyboardInputInterval int rw 400\n"
"P wheelScrollLines int rw 3\n"
"P startDragTime int rw 500\n"
"P startDragDistance int rw 10\n"
"P styleSheet QString rw \"\"\n"
"P autoSipEnabled bool rw true\n"
"M public void closeAllWindows() -\n"
"M public void aboutQt() -\n"
"M public void setStyleSheet(QString) sheet\n"
"M public void setAutoSipEnabled(bool) enabled\n"
"S focusChanged(QWidget*,QWidget*) old,now\n", .role = R_APPLICATION },

	{ .name = "QStyle", .super = "QObject", .spec = "", .role = R_NONE },
	{ .name = "QCommonStyle", .super = "QStyle", .spec = "", .role = R_NONE },
	{ .name = "QFusionStyle", .super = "QCommonStyle", .spec = "", .role = R_NONE },

	{ .name = "qtmcp::Probe", .super = "QObject", .spec =
"S clientConnected() -\n"
"S clientDisconnected() -\n", .role = R_NONE },
	{ .name = "qtmcp::WebSocketServer", .super = "QObject", .spec =
"S clientConnected() -\n"
"S clientDisconnected() -\n"
"S messageReceived(QString) message\n", .role = R_NONE },
	{ .name = "qtmcp::JsonRpcHandler", .super = "QObject", .spec = "", .role = R_NONE },
	{ .name = "QWebSocket", .super = "QObject", .spec =
"S aboutToClose() -\n"
"S connected() -\n"
"S disconnected() -\n"
"S textMessageReceived(QString) message\n"
"S binaryMessageReceived(QByteArray) message\n"
"M public void close(QWebSocketProtocol::CloseCode,QString) closeCode,reason\n"
"M public void close() -\n"
"M public void ping(QByteArray) payload\n"
"M public void ping() -\n", .role = R_NONE },

	{ .name = "QLayout", .super = "QObject", .spec = LAYOUT_SPEC, .role = R_NONE },
	{ .name = "QBoxLayout", .super = "QLayout", .spec = "", .role = R_NONE },
	{ .name = "QVBoxLayout", .super = "QBoxLayout", .spec = "", .role = R_NONE },
	{ .name = "QHBoxLayout", .super = "QBoxLayout", .spec = "", .role = R_NONE },
	{ .name = "QFormLayout", .super = "QLayout", .spec =
"P fieldGrowthPolicy QFormLayout::FieldGrowthPolicy rw {\"_type\":\"QFormLayout::FieldGrowthPolicy\",\"value\":\"ExpandingFieldsGrow\"}\n"
"P rowWrapPolicy QFormLayout::RowWrapPolicy rw {\"_type\":\"QFormLayout::RowWrapPolicy\",\"value\":\"DontWrapRows\"}\n"
"P labelAlignment Qt::Alignment rw {\"_type\":\"Qt::Alignment\",\"value\":\"AlignLeading|AlignLeft|AlignVCenter\"}\n"
"P formAlignment Qt::Alignment rw {\"_type\":\"Qt::Alignment\",\"value\":\"AlignLeading|AlignLeft|AlignTop\"}\n"
"P horizontalSpacing int rw 6\n"
"P verticalSpacing int rw 6\n", .role = R_NONE },
	{ .name = "QMainWindowLayout", .super = "QLayout", .spec = "", .role = R_NONE },
	{ .name = "QToolBarLayout", .super = "QLayout", .spec = "", .role = R_NONE },

	{ .name = "QAction", .super = "QObject", .spec =
"P checkable bool rw false\n"
"P checked bool rw false\n"
"P enabled bool rw true\n"
"P icon QIcon rw {\"_type\":\"QIcon\",\"value\":null}\n"
"P text QString rw \"\"\n"
"P iconText QString rw \"\"\n"
"P toolTip QString rw \"\"\n"
"P statusTip QString rw \"\"\n"
"P whatsThis QString rw \"\"\n"
"P font QFont rw {\"_type\":\"QFont\",\"value\":\"Sans Serif,9,-1,5,400,0,0,0,0,0,0,0,0,0,0,1\"}\n"
"P shortcut QKeySequence rw {\"_type\":\"QKeySequence\",\"value\":\"\"}\n"
"P shortcutContext Qt::ShortcutContext rw {\"_type\":\"Qt::ShortcutContext\",\"value\":\"WindowShortcut\"}\n"
"P autoRepeat bool rw true\n"
"P visible bool rw true\n"
"P menuRole QAction::MenuRole rw {\"_type\":\"QAction::MenuRole\",\"value\":\"TextHeuristicRole\"}\n"
"P iconVisibleInMenu bool rw true\n"
"P shortcutVisibleInContextMenu bool rw true\n"
"P priority QAction::Priority rw {\"_type\":\"QAction::Priority\",\"value\":\"NormalPriority\"}\n"
"M public void trigger() -\n"
"M public void hover() -\n"
"M public void setChecked(bool) -\n"
"M public void toggle() -\n"
"M public void setEnabled(bool) -\n"
"M public void resetEnabled() -\n"
"M public void setDisabled(bool) b\n"
"M public void setVisible(bool) -\n"
"S changed() -\n"
"S enabledChanged(bool) enabled\n"
"S checkableChanged(bool) checkable\n"
"S visibleChanged() -\n"
"S triggered(bool) checked\n"
"S triggered() -\n"
"S hovered() -\n"
"S toggled(bool) -\n", .role = R_MENUITEM },

	{ .name = "QAbstractItemModel", .super = "QObject", .spec = MODEL_SPEC, .role = R_NONE },
	{ .name = "QAbstractListModel", .super = "QAbstractItemModel", .spec = "", .role = R_NONE },
	{ .name = "QAbstractTableModel", .super = "QAbstractItemModel", .spec = "", .role = R_NONE },
	{ .name = "QListModel", .super = "QAbstractListModel", .spec = "", .role = R_NONE },
	{ .name = "QTableModel", .super = "QAbstractTableModel", .spec = "", .role = R_NONE },
	{ .name = "QStandardItemModel", .super = "QAbstractItemModel", .spec =
"P sortRole int rw 0\n"
"S itemChanged(QStandardItem*) item\n", .role = R_NONE },
	{ .name = "QItemSelectionModel", .super = "QObject", .spec =
"P hasSelection bool cro -\n"
"P currentIndex QModelIndex ro {\"_type\":\"QModelIndex\",\"value\":null}\n"
"M public void clearSelection() -\n"
"M public void clearCurrentIndex() -\n"
"M public void reset() -\n"
"S currentChanged(QModelIndex,QModelIndex) current,previous\n"
"S selectionChanged(QItemSelection,QItemSelection) selected,deselected\n", .role = R_NONE },
	{ .name = "QWidgetLineControl", .super = "QObject", .spec =
"S cursorPositionChanged(int,int) -\n"
"S selectionChanged() -\n"
"S textChanged(QString) -\n"
"S textEdited(QString) -\n", .role = R_NONE },
	{ .name = "QWidgetTextControl", .super = "QObject", .spec =
"S textChanged() -\n"
"S cursorPositionChanged() -\n", .role = R_NONE },
	{ .name = "QTextDocument", .super = "QObject", .spec =
"P undoRedoEnabled bool rw true\n"
"P modified bool rw false\n"
"P pageSize QSizeF rw {\"width\":-1,\"height\":-1}\n"
"P defaultFont QFont rw {\"_type\":\"QFont\",\"value\":\"Sans Serif,9,-1,5,400,0,0,0,0,0,0,0,0,0,0,1\"}\n"
"P useDesignMetrics bool rw false\n"
"P documentMargin double rw 4\n"
"S contentsChanged() -\n"
"S undoAvailable(bool) -\n"
"S redoAvailable(bool) -\n"
"S modificationChanged(bool) m\n"
"S blockCountChanged(int) newBlockCount\n", .role = R_NONE },

	{ .name = "QWidget", .super = "QObject", .spec = WIDGET_SPEC, .role = R_CLIENT },
	{ .name = "QMainWindow", .super = "QWidget", .spec =
"P iconSize QSize rw {\"width\":24,\"height\":24}\n"
"P toolButtonStyle Qt::ToolButtonStyle rw {\"_type\":\"Qt::ToolButtonStyle\",\"value\":\"ToolButtonIconOnly\"}\n"
"P animated bool rw true\n"
"P documentMode bool rw false\n"
"P tabShape QTabWidget::TabShape rw {\"_type\":\"QTabWidget::TabShape\",\"value\":\"Rounded\"}\n"
"P dockNestingEnabled bool rw false\n"
"P dockOptions QMainWindow::DockOptions rw {\"_type\":\"QMainWindow::DockOptions\",\"value\":\"AnimatedDocks|AllowTabbedDocks\"}\n"
"P unifiedTitleAndToolBarOnMac bool rw false\n"
"M public void setAnimated(bool) enabled\n"
"M public void setDockNestingEnabled(bool) enabled\n"
"M public void setUnifiedTitleAndToolBarOnMac(bool) set\n"
"S iconSizeChanged(QSize) iconSize\n"
"S toolButtonStyleChanged(Qt::ToolButtonStyle) toolButtonStyle\n"
"S tabifiedDockWidgetActivated(QDockWidget*) dockWidget\n", .role = R_WINDOW },
	{ .name = "MainWindow", .super = "QMainWindow", .spec =
"M private void onSubmitClicked() -\n"
"M private void onClearClicked() -\n"
"M private void onSliderValueChanged(int) value\n", .role = R_WINDOW },
	{ .name = "QFrame", .super = "QWidget", .spec = FRAME_SPEC, .role = R_CLIENT },
	{ .name = "QLabel", .super = "QFrame", .spec =
"P text QString rw \"\"\n"
"P textFormat Qt::TextFormat rw {\"_type\":\"Qt::TextFormat\",\"value\":\"AutoText\"}\n"
"P pixmap QPixmap rw {\"_type\":\"QPixmap\",\"value\":null}\n"
"P scaledContents bool rw false\n"
"P alignment Qt::Alignment rw {\"_type\":\"Qt::Alignment\",\"value\":\"AlignLeading|AlignLeft|AlignVCenter\"}\n"
"P wordWrap bool rw false\n"
"P margin int rw 0\n"
"P indent int rw -1\n"
"P openExternalLinks bool rw false\n"
"P textInteractionFlags Qt::TextInteractionFlags rw {\"_type\":\"Qt::TextInteractionFlags\",\"value\":\"LinksAccessibleByMouse\"}\n"
"P hasSelectedText bool ro false\n"
"P selectedText QString ro \"\"\n"
"M public void setText(QString) -\n"
"M public void setPixmap(QPixmap) -\n"
"M public void setPicture(QPicture) -\n"
"M public void setMovie(QMovie*) movie\n"
"M public void setNum(int) -\n"
"M public void setNum(double) -\n"
"M public void clear() -\n"
"S linkActivated(QString) link\n"
"S linkHovered(QString) link\n", .role = R_STATICTEXT },
	{ .name = "QLineEdit", .super = "QWidget", .spec =
"P inputMask QString rw \"\"\n"
"P text QString rw \"\"\n"
"P maxLength int rw 32767\n"
"P frame bool rw true\n"
"P echoMode QLineEdit::EchoMode rw {\"_type\":\"QLineEdit::EchoMode\",\"value\":\"Normal\"}\n"
"P displayText QString cro -\n"
"P cursorPosition int rw 0\n"
"P alignment Qt::Alignment rw {\"_type\":\"Qt::Alignment\",\"value\":\"AlignLeading|AlignLeft|AlignVCenter\"}\n"
"P modified bool rw false\n"
"P hasSelectedText bool cro -\n"
"P selectedText QString cro -\n"
"P dragEnabled bool rw false\n"
"P readOnly bool rw false\n"
"P undoAvailable bool ro false\n"
"P redoAvailable bool ro false\n"
"P acceptableInput bool ro true\n"
"P placeholderText QString rw \"\"\n"
"P cursorMoveStyle Qt::CursorMoveStyle rw {\"_type\":\"Qt::CursorMoveStyle\",\"value\":\"LogicalMoveStyle\"}\n"
"P clearButtonEnabled bool rw false\n"
"M public void setText(QString) -\n"
"M public void clear() -\n"
"M public void selectAll() -\n"
"M public void undo() -\n"
"M public void redo() -\n"
"M public void cut() -\n"
"M public void copy() -\n"
"M public void paste() -\n"
"M public void deselect() -\n"
"M public void insert(QString) -\n"
"S textChanged(QString) -\n"
"S textEdited(QString) -\n"
"S cursorPositionChanged(int,int) -,-\n"
"S returnPressed() -\n"
"S editingFinished() -\n"
"S inputRejected() -\n"
"S selectionChanged() -\n", .role = R_EDITABLETEXT },
	{ .name = "QAbstractScrollArea", .super = "QFrame", .spec = SCROLLAREA_SPEC, .role = R_CLIENT },
	{ .name = "QTextEdit", .super = "QAbstractScrollArea", .spec =
"P autoFormatting QTextEdit::AutoFormatting rw {\"_type\":\"QTextEdit::AutoFormatting\",\"value\":\"AutoNone\"}\n"
"P tabChangesFocus bool rw false\n"
"P documentTitle QString rw \"\"\n"
"P undoRedoEnabled bool rw true\n"
"P lineWrapMode QTextEdit::LineWrapMode rw {\"_type\":\"QTextEdit::LineWrapMode\",\"value\":\"WidgetWidth\"}\n"
"P lineWrapColumnOrWidth int rw 0\n"
"P readOnly bool rw false\n"
"P markdown QString c -\n"
"P html QString c -\n"
"P plainText QString rw \"\"\n"
"P overwriteMode bool rw false\n"
"P tabStopDistance double rw 80\n"
"P acceptRichText bool rw true\n"
"P cursorWidth int rw 1\n"
"P textInteractionFlags Qt::TextInteractionFlags rw {\"_type\":\"Qt::TextInteractionFlags\",\"value\":\"TextEditorInteraction\"}\n"
"P document QTextDocument* rw {\"_type\":\"QTextDocument*\",\"value\":null}\n"
"P placeholderText QString rw \"\"\n"
"M public void setFontPointSize(double) s\n"
"M public void setFontFamily(QString) fontFamily\n"
"M public void setFontWeight(int) w\n"
"M public void setFontUnderline(bool) b\n"
"M public void setFontItalic(bool) b\n"
"M public void setTextColor(QColor) c\n"
"M public void setTextBackgroundColor(QColor) c\n"
"M public void setCurrentFont(QFont) f\n"
"M public void setAlignment(Qt::Alignment) a\n"
"M public void setPlainText(QString) text\n"
"M public void setHtml(QString) text\n"
"M public void setMarkdown(QString) markdown\n"
"M public void setText(QString) text\n"
"M public void cut() -\n"
"M public void copy() -\n"
"M public void paste() -\n"
"M public void undo() -\n"
"M public void redo() -\n"
"M public void clear() -\n"
"M public void selectAll() -\n"
"M public void insertPlainText(QString) text\n"
"M public void insertHtml(QString) text\n"
"M public void append(QString) text\n"
"M public void scrollToAnchor(QString) name\n"
"M public void zoomIn(int) range\n"
"M public void zoomIn() -\n"
"M public void zoomOut(int) range\n"
"M public void zoomOut() -\n"
"S textChanged() -\n"
"S undoAvailable(bool) b\n"
"S redoAvailable(bool) b\n"
"S currentCharFormatChanged(QTextCharFormat) format\n"
"S copyAvailable(bool) b\n"
"S selectionChanged() -\n"
"S cursorPositionChanged() -\n", .role = R_EDITABLETEXT },
	{ .name = "QComboBox", .super = "QWidget", .spec =
"P editable bool rw false\n"
"P count int cro -\n"
"P currentText QString c -\n"
"P currentIndex int rw 0\n"
"P currentData QVariant cro -\n"
"P maxVisibleItems int rw 10\n"
"P maxCount int rw 2147483647\n"
"P insertPolicy QComboBox::InsertPolicy rw {\"_type\":\"QComboBox::InsertPolicy\",\"value\":\"InsertAtBottom\"}\n"
"P sizeAdjustPolicy QComboBox::SizeAdjustPolicy rw {\"_type\":\"QComboBox::SizeAdjustPolicy\",\"value\":\"AdjustToContentsOnFirstShow\"}\n"
"P minimumContentsLength int rw 0\n"
"P iconSize QSize rw {\"width\":16,\"height\":16}\n"
"P placeholderText QString rw \"\"\n"
"P duplicatesEnabled bool rw false\n"
"P frame bool rw true\n"
"P modelColumn int rw 0\n"
"M public void clear() -\n"
"M public void clearEditText() -\n"
"M public void setEditText(QString) text\n"
"M public void setCurrentIndex(int) index\n"
"M public void setCurrentText(QString) text\n"
"S editTextChanged(QString) -\n"
"S activated(int) index\n"
"S textActivated(QString) -\n"
"S highlighted(int) index\n"
"S textHighlighted(QString) -\n"
"S currentIndexChanged(int) index\n"
"S currentTextChanged(QString) -\n", .role = R_COMBOBOX },
	{ .name = "QComboBoxPrivateContainer", .super = "QFrame", .spec = "", .role = R_NONE },
	{ .name = "QAbstractButton", .super = "QWidget", .spec = BUTTON_SPEC, .role = R_BUTTON },
	{ .name = "QPushButton", .super = "QAbstractButton", .spec =
"P autoDefault bool rw false\n"
"P default bool rw false\n"
"P flat bool rw false\n"
"M public void showMenu() -\n", .role = R_BUTTON },
	{ .name = "QCheckBox", .super = "QAbstractButton", .spec =
"P tristate bool rw false\n"
"S stateChanged(int) -\n", .role = R_CHECKBOX },
	{ .name = "QToolButton", .super = "QAbstractButton", .spec =
"P popupMode QToolButton::ToolButtonPopupMode rw {\"_type\":\"QToolButton::ToolButtonPopupMode\",\"value\":\"DelayedPopup\"}\n"
"P toolButtonStyle Qt::ToolButtonStyle rw {\"_type\":\"Qt::ToolButtonStyle\",\"value\":\"ToolButtonIconOnly\"}\n"
"P autoRaise bool rw true\n"
"P arrowType Qt::ArrowType rw {\"_type\":\"Qt::ArrowType\",\"value\":\"NoArrow\"}\n"
"M public void showMenu() -\n"
"M public void setToolButtonStyle(Qt::ToolButtonStyle) style\n"
"M public void setDefaultAction(QAction*) -\n"
"S triggered(QAction*) -\n", .role = R_BUTTON },
	{ .name = "QToolBarExtension", .super = "QToolButton", .spec = "", .role = R_BUTTON },
	{ .name = "QAbstractSlider", .super = "QWidget", .spec = SLIDER_SPEC, .role = R_SLIDER },
	{ .name = "QSlider", .super = "QAbstractSlider", .spec =
"P tickPosition QSlider::TickPosition rw {\"_type\":\"QSlider::TickPosition\",\"value\":\"NoTicks\"}\n"
"P tickInterval int rw 0\n", .role = R_SLIDER },
	{ .name = "QScrollBar", .super = "QAbstractSlider", .spec = "", .role = R_SCROLLBAR },
	{ .name = "QGroupBox", .super = "QWidget", .spec =
"P title QString rw \"\"\n"
"P alignment Qt::Alignment rw {\"_type\":\"Qt::Alignment\",\"value\":\"AlignLeading|AlignLeft\"}\n"
"P flat bool rw false\n"
"P checkable bool rw false\n"
"P checked bool rw true\n"
"M public void setChecked(bool) checked\n"
"S clicked(bool) checked\n"
"S clicked() -\n"
"S toggled(bool) -\n", .role = R_GROUPING },
	{ .name = "QTabWidget", .super = "QWidget", .spec =
"P tabPosition QTabWidget::TabPosition rw {\"_type\":\"QTabWidget::TabPosition\",\"value\":\"North\"}\n"
"P tabShape QTabWidget::TabShape rw {\"_type\":\"QTabWidget::TabShape\",\"value\":\"Rounded\"}\n"
"P currentIndex int rw 0\n"
"P count int cro -\n"
"P iconSize QSize rw {\"width\":16,\"height\":16}\n"
"P elideMode Qt::TextElideMode rw {\"_type\":\"Qt::TextElideMode\",\"value\":\"ElideNone\"}\n"
"P usesScrollButtons bool rw true\n"
"P documentMode bool rw false\n"
"P tabsClosable bool rw false\n"
"P movable bool rw false\n"
"P tabBarAutoHide bool rw false\n"
"M public void setCurrentIndex(int) index\n"
"M public void setCurrentWidget(QWidget*) widget\n"
"S currentChanged(int) index\n"
"S tabCloseRequested(int) index\n"
"S tabBarClicked(int) index\n"
"S tabBarDoubleClicked(int) index\n", .role = R_CLIENT },
	{ .name = "QStackedWidget", .super = "QFrame", .spec =
"P currentIndex int rw 0\n"
"P count int cro -\n"
"M public void setCurrentIndex(int) index\n"
"M public void setCurrentWidget(QWidget*) w\n"
"S currentChanged(int) -\n"
"S widgetRemoved(int) index\n", .role = R_LAYEREDPANE },
	{ .name = "QTabBar", .super = "QWidget", .spec =
"P shape QTabBar::Shape rw {\"_type\":\"QTabBar::Shape\",\"value\":\"RoundedNorth\"}\n"
"P currentIndex int rw 0\n"
"P count int cro -\n"
"P drawBase bool rw true\n"
"P iconSize QSize rw {\"width\":16,\"height\":16}\n"
"P elideMode Qt::TextElideMode rw {\"_type\":\"Qt::TextElideMode\",\"value\":\"ElideNone\"}\n"
"P usesScrollButtons bool rw true\n"
"P tabsClosable bool rw false\n"
"P selectionBehaviorOnRemove QTabBar::SelectionBehavior rw {\"_type\":\"QTabBar::SelectionBehavior\",\"value\":\"SelectRightTab\"}\n"
"P expanding bool rw true\n"
"P movable bool rw false\n"
"P documentMode bool rw false\n"
"P autoHide bool rw false\n"
"P changeCurrentOnDrag bool rw false\n"
"M public void setCurrentIndex(int) index\n"
"S currentChanged(int) index\n"
"S tabCloseRequested(int) index\n"
"S tabMoved(int,int) from,to\n"
"S tabBarClicked(int) index\n"
"S tabBarDoubleClicked(int) index\n", .role = R_PAGETABLIST },
	{ .name = "QAbstractScrollAreaScrollBarContainer", .super = "QWidget", .spec = "", .role = R_NONE },
	{ .name = "QAbstractItemView", .super = "QAbstractScrollArea", .spec = ITEMVIEW_SPEC, .role = R_CLIENT },
	{ .name = "QListView", .super = "QAbstractItemView", .spec =
"P movement QListView::Movement rw {\"_type\":\"QListView::Movement\",\"value\":\"Static\"}\n"
"P flow QListView::Flow rw {\"_type\":\"QListView::Flow\",\"value\":\"TopToBottom\"}\n"
"P isWrapping bool rw false\n"
"P resizeMode QListView::ResizeMode rw {\"_type\":\"QListView::ResizeMode\",\"value\":\"Fixed\"}\n"
"P layoutMode QListView::LayoutMode rw {\"_type\":\"QListView::LayoutMode\",\"value\":\"SinglePass\"}\n"
"P spacing int rw 0\n"
"P gridSize QSize rw {\"width\":-1,\"height\":-1}\n"
"P viewMode QListView::ViewMode rw {\"_type\":\"QListView::ViewMode\",\"value\":\"ListMode\"}\n"
"P modelColumn int rw 0\n"
"P uniformItemSizes bool rw false\n"
"P batchSize int rw 100\n"
"P wordWrap bool rw false\n"
"P selectionRectVisible bool rw false\n"
"P itemAlignment Qt::Alignment rw {\"_type\":\"Qt::Alignment\",\"value\":\"\"}\n"
"S indexesMoved(QModelIndexList) indexes\n", .role = R_LIST },
	{ .name = "QComboBoxListView", .super = "QListView", .spec = "", .role = R_LIST },
	{ .name = "QListWidget", .super = "QListView", .spec =
"P count int cro -\n"
"P currentRow int rw -1\n"
"P sortingEnabled bool rw false\n"
"M public void clear() -\n"
"M public void scrollToItem(const QListWidgetItem*,QAbstractItemView::ScrollHint) item,hint\n"
"M public void scrollToItem(const QListWidgetItem*) item\n"
"S itemPressed(QListWidgetItem*) item\n"
"S itemClicked(QListWidgetItem*) item\n"
"S itemDoubleClicked(QListWidgetItem*) item\n"
"S itemActivated(QListWidgetItem*) item\n"
"S itemEntered(QListWidgetItem*) item\n"
"S itemChanged(QListWidgetItem*) item\n"
"S currentItemChanged(QListWidgetItem*,QListWidgetItem*) current,previous\n"
"S currentTextChanged(QString) currentText\n"
"S currentRowChanged(int) currentRow\n"
"S itemSelectionChanged() -\n", .role = R_LIST },
	{ .name = "QTableView", .super = "QAbstractItemView", .spec =
"P showGrid bool rw true\n"
"P gridStyle Qt::PenStyle rw {\"_type\":\"Qt::PenStyle\",\"value\":\"SolidLine\"}\n"
"P sortingEnabled bool rw false\n"
"P wordWrap bool rw true\n"
"P cornerButtonEnabled bool rw true\n"
"M public void selectRow(int) row\n"
"M public void selectColumn(int) column\n"
"M public void hideRow(int) row\n"
"M public void hideColumn(int) column\n"
"M public void showRow(int) row\n"
"M public void showColumn(int) column\n"
"M public void resizeRowToContents(int) row\n"
"M public void resizeRowsToContents() -\n"
"M public void resizeColumnToContents(int) column\n"
"M public void resizeColumnsToContents() -\n"
"M public void sortByColumn(int,Qt::SortOrder) column,order\n"
"M public void setShowGrid(bool) show\n", .role = R_TABLE },
	{ .name = "QTableWidget", .super = "QTableView", .spec =
"P rowCount int c -\n"
"P columnCount int c -\n"
"M public void scrollToItem(const QTableWidgetItem*,QAbstractItemView::ScrollHint) item,hint\n"
"M public void scrollToItem(const QTableWidgetItem*) item\n"
"M public void insertRow(int) row\n"
"M public void insertColumn(int) column\n"
"M public void removeRow(int) row\n"
"M public void removeColumn(int) column\n"
"M public void clear() -\n"
"M public void clearContents() -\n"
"S itemPressed(QTableWidgetItem*) item\n"
"S itemClicked(QTableWidgetItem*) item\n"
"S itemDoubleClicked(QTableWidgetItem*) item\n"
"S itemActivated(QTableWidgetItem*) item\n"
"S itemEntered(QTableWidgetItem*) item\n"
"S itemChanged(QTableWidgetItem*) item\n"
"S currentItemChanged(QTableWidgetItem*,QTableWidgetItem*) current,previous\n"
"S itemSelectionChanged() -\n"
"S cellPressed(int,int) row,column\n"
"S cellClicked(int,int) row,column\n"
"S cellDoubleClicked(int,int) row,column\n"
"S cellActivated(int,int) row,column\n"
"S cellEntered(int,int) row,column\n"
"S cellChanged(int,int) row,column\n"
"S currentCellChanged(int,int,int,int) currentRow,currentColumn,previousRow,previousColumn\n", .role = R_TABLE },
	{ .name = "QHeaderView", .super = "QAbstractItemView", .spec =
"P firstSectionMovable bool rw false\n"
"P showSortIndicator bool rw false\n"
"P highlightSections bool rw true\n"
"P stretchLastSection bool rw false\n"
"P cascadingSectionResizes bool rw false\n"
"P defaultSectionSize int rw 100\n"
"P minimumSectionSize int rw 21\n"
"P maximumSectionSize int rw 1048575\n"
"P defaultAlignment Qt::Alignment rw {\"_type\":\"Qt::Alignment\",\"value\":\"AlignCenter\"}\n"
"P sortIndicatorClearable bool rw false\n"
"M public void setOffset(int) offset\n"
"M public void headerDataChanged(Qt::Orientation,int,int) orientation,logicalFirst,logicalLast\n"
"S sectionMoved(int,int,int) logicalIndex,oldVisualIndex,newVisualIndex\n"
"S sectionResized(int,int,int) logicalIndex,oldSize,newSize\n"
"S sectionPressed(int) logicalIndex\n"
"S sectionClicked(int) logicalIndex\n"
"S sectionDoubleClicked(int) logicalIndex\n", .role = R_NONE },
	{ .name = "QTableCornerButton", .super = "QAbstractButton", .spec = "", .role = R_BUTTON },
	{ .name = "QMenuBar", .super = "QWidget", .spec =
"P defaultUp bool rw false\n"
"P nativeMenuBar bool rw false\n"
"M public void setVisible(bool) visible\n"
"S triggered(QAction*) action\n"
"S hovered(QAction*) action\n", .role = R_MENUBAR },
	{ .name = "QMenu", .super = "QWidget", .spec =
"P tearOffEnabled bool rw false\n"
"P title QString rw \"\"\n"
"P icon QIcon rw {\"_type\":\"QIcon\",\"value\":null}\n"
"P separatorsCollapsible bool rw true\n"
"P toolTipsVisible bool rw false\n"
"S aboutToShow() -\n"
"S aboutToHide() -\n"
"S triggered(QAction*) action\n"
"S hovered(QAction*) action\n", .role = R_POPUPMENU },
	{ .name = "QToolBar", .super = "QWidget", .spec =
"P movable bool rw true\n"
"P allowedAreas Qt::ToolBarAreas rw {\"_type\":\"Qt::ToolBarAreas\",\"value\":\"AllToolBarAreas\"}\n"
"P orientation Qt::Orientation rw {\"_type\":\"Qt::Orientation\",\"value\":\"Horizontal\"}\n"
"P iconSize QSize rw {\"width\":24,\"height\":24}\n"
"P toolButtonStyle Qt::ToolButtonStyle rw {\"_type\":\"Qt::ToolButtonStyle\",\"value\":\"ToolButtonIconOnly\"}\n"
"P floating bool ro false\n"
"P floatable bool rw true\n"
"M public void setIconSize(QSize) iconSize\n"
"M public void setToolButtonStyle(Qt::ToolButtonStyle) toolButtonStyle\n"
"S actionTriggered(QAction*) action\n"
"S movableChanged(bool) movable\n"
"S allowedAreasChanged(Qt::ToolBarAreas) allowedAreas\n"
"S orientationChanged(Qt::Orientation) orientation\n"
"S iconSizeChanged(QSize) iconSize\n"
"S toolButtonStyleChanged(Qt::ToolButtonStyle) toolButtonStyle\n"
"S topLevelChanged(bool) topLevel\n"
"S visibilityChanged(bool) visible\n", .role = R_TOOLBAR },
	{ .name = "QStatusBar", .super = "QWidget", .spec =
"P sizeGripEnabled bool rw true\n"
"M public void showMessage(QString,int) text,timeout\n"
"M public void showMessage(QString) text\n"
"M public void clearMessage() -\n"
"S messageChanged(QString) text\n", .role = R_STATUSBAR },
	{ .name = "QSizeGrip", .super = "QWidget", .spec = "", .role = R_CLIENT },
};

struct cls *
classes_table(size_t *n)
{
	*n = nitems(classes);
	return (classes);
}
